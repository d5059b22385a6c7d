using JournalLsp.Core.Search;
using JournalLsp.Indexing;

namespace JournalLsp.Indexing.Tests;

/// <summary>What <see cref="JournalEngine.Snapshot"/> hands a query, and when it changes.</summary>
public sealed class SnapshotTests
{
    private static TempFolder SmallJournal()
    {
        var folder = new TempFolder();
        folder.Write("2023/2023-05-01.md", "# 2023-05-01\n\nClimbed the ridge at sunrise and felt truly alive; the valley glowed gold below us.\n");
        folder.Write("2023/2023-05-02.md", "# 2023-05-02\n\nFiled my taxes and sorted receipts all afternoon. Tedious but done.\n");
        folder.Write("2023/2023-05-10.md", "# 2023-05-10\n\nBaked bread with Mia; the kitchen smelled wonderful.\n");
        return folder;
    }

    [Fact]
    public void Two_snapshots_with_no_commit_between_read_one_corpus()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        Assert.Same(engine.Snapshot().Corpus, engine.Snapshot().Corpus);
    }

    [Fact]
    public void A_commit_gives_the_next_snapshot_the_new_text()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        var before = engine.Snapshot();
        folder.Write("2023/2023-05-11.md", "# 2023-05-11\n\nRain all day.\n");
        engine.UpdateFile("2023/2023-05-11.md");
        var after = engine.Snapshot();
        Assert.Equal((3, 4), (before.Corpus.Entries.Count, after.Corpus.Entries.Count)); // the old one is unchanged
    }

    [Fact]
    public void The_memo_makes_a_value_once_per_generation()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        var made = 0;
        int Make(JournalSnapshot _) => ++made;
        engine.Snapshot().Memo("count", Make);
        engine.Snapshot().Memo("count", Make);
        folder.Write("2023/2023-05-11.md", "# 2023-05-11\n\nRain all day.\n");
        engine.UpdateFile("2023/2023-05-11.md");
        Assert.Equal(2, engine.Snapshot().Memo("count", Make));
    }

    [Fact]
    public void Another_process_recording_entries_as_seen_keeps_the_corpus()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        var before = engine.Snapshot();
        using (var other = folder.OpenEngine()) Assert.Equal(1, other.MarkSeen("2023/2023-05-02.md"));
        Assert.Same(before.Corpus, engine.Snapshot().Corpus);
    }

    [Fact]
    public void Another_process_recording_entries_as_seen_shows_in_the_next_snapshot()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        _ = engine.Snapshot();
        using (var other = folder.OpenEngine()) Assert.Equal(1, other.MarkSeen("2023/2023-05-02.md"));
        Assert.Contains(EntryKey.Of("2023/2023-05-02.md", new DateOnly(2023, 5, 2), "2023-05-02"), engine.Snapshot().LastSeen.Keys);
    }

    [Fact]
    public void Another_process_committing_a_file_reloads_the_corpus()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        _ = engine.Snapshot();
        folder.Write("2023/2023-05-11.md", "# 2023-05-11\n\nRain all day.\n");
        using (var other = folder.OpenEngine()) other.UpdateFile("2023/2023-05-11.md");
        Assert.Equal(4, engine.Snapshot().Corpus.Entries.Count);
    }

    [Fact]
    public void A_batch_holding_one_snapshot_answers_as_the_engine_does()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        var snapshot = engine.Snapshot();
        var held = Questions.Ask(snapshot, "a sunrise on the mountain", new AskOptions(Top: 3));
        Assert.Equal(engine.Ask("a sunrise on the mountain", new AskOptions(Top: 3)).Select(r => r.Date), held.Select(r => r.Date));
    }

    [Fact]
    public void A_query_that_finds_the_index_damaged_says_so()
    {
        using var folder = SmallJournal();
        using (var engine = folder.OpenEngine()) engine.Index();
        using (var engine = folder.OpenEngine())
        {
            Malform(folder.IndexPath); // after opening: only a query's reads find it
            Assert.Throws<IndexDamagedException>(() => engine.Ask("a sunrise on the mountain"));
        }
    }

    [Fact]
    public void Damage_a_query_found_is_mended_by_the_next_run()
    {
        using var folder = SmallJournal();
        using (var engine = folder.OpenEngine()) engine.Index();
        using (var engine = folder.OpenEngine())
        {
            Malform(folder.IndexPath);
            Assert.Throws<IndexDamagedException>(() => engine.Ask("a sunrise on the mountain"));
            var summary = engine.Index();
            Assert.Contains("malformed", Assert.Single(summary.Notices));
            Assert.Equal(new DateOnly(2023, 5, 1), engine.Ask("a sunrise on the mountain", new AskOptions(Top: 1))[0].Date);
        }
    }

    // Every page after the schema's overwritten: the header and page count stay as they were.
    private static void Malform(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var pageSize = (bytes[16] << 8) | bytes[17];
        new Random(1).NextBytes(bytes.AsSpan(pageSize * 2));
        File.WriteAllBytes(path, bytes);
    }
}
