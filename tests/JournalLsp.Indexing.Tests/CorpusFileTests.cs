using JournalLsp.Core.Search;
using JournalLsp.Indexing.Storage;
using Microsoft.Data.Sqlite;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// The corpus file beside the index (<see cref="CorpusFile"/>): it holds what the tables hold, a start reads it only
/// while the index holds the content it was written at, a bad one is never read, it is private and goes with the index.
/// On 20 real days of the diary (1663), copied to a scratch folder.
/// </summary>
public class CorpusFileTests
{
    [Fact]
    public void The_corpus_file_holds_the_corpus_of_the_tables_row_for_row()
    {
        using var folder = Indexed(out var tables);
        using (var engine = folder.OpenEngine())
        {
            Assert.True(engine.SaveCorpus());
            Assert.False(engine.SaveCorpus()); // already holds this content
        }
        using var store = IndexReadStore.Open(folder.IndexPath);
        AssertSame(tables, CorpusFile.Read(CorpusFile.PathOf(folder.IndexPath), Stamp(folder)!, tables.Dimensions)!);
        AssertSame(tables, store.LoadCorpus(tables.Dimensions).Corpus);
    }

    [Fact]
    public void A_start_reads_the_corpus_file_written_at_the_content_the_index_holds()
    {
        using var folder = Indexed(out var tables);
        // The same corpus with one heading changed, written at the index's stamp: only a load from the file has it.
        var entries = tables.Entries.Select((e, i) => i == 0 ? e with { Heading = "read from the corpus file" } : e).ToList();
        CorpusFile.Write(CorpusFile.PathOf(folder.IndexPath),
            new SearchCorpus(entries, tables.Chunks, tables.Vectors, tables.Windows, tables.WindowVectors), Stamp(folder)!);
        using var engine = folder.OpenEngine();
        Assert.Equal("read from the corpus file", engine.Snapshot().Corpus.Entries[0].Heading);
    }

    [Fact]
    public void A_commit_deletes_the_corpus_file_it_made_stale_and_a_start_reads_the_tables()
    {
        using var folder = Indexed(out _);
        var file = CorpusFile.PathOf(folder.IndexPath);
        using (var engine = folder.OpenEngine()) Assert.True(engine.SaveCorpus());
        var written = CorpusFile.StampOf(file);
        Assert.Equal(Stamp(folder), written);

        var added = Days().Skip(40).First();
        folder.Write(Path.GetFileName(added), File.ReadAllText(added));
        using (var engine = folder.OpenEngine()) engine.Index();
        Assert.NotEqual(written, Stamp(folder));
        Assert.False(File.Exists(file), "the commit deletes the file it made stale");
        using (var engine = folder.OpenEngine())
        {
            Assert.Contains(engine.Snapshot().Corpus.Entries, e => e.Path == Path.GetFileName(added));
            Assert.True(engine.SaveCorpus());
        }
        Assert.Equal(Stamp(folder), CorpusFile.StampOf(file));
    }

    [Fact]
    public void A_stale_corpus_file_is_not_read()
    {
        // As a save in another process could leave one behind a commit: written at the content before the commit.
        using var folder = Indexed(out var tables);
        var file = CorpusFile.PathOf(folder.IndexPath);
        using (var engine = folder.OpenEngine()) Assert.True(engine.SaveCorpus());
        File.Copy(file, file + ".kept");
        var removed = tables.Entries[^1].Path;
        File.Delete(Path.Combine(folder.Journal, removed));
        using (var engine = folder.OpenEngine()) engine.Index();
        File.Move(file + ".kept", file);
        using var after = folder.OpenEngine();
        Assert.Equal(19, after.Snapshot().Corpus.Entries.Count);
        Assert.DoesNotContain(after.Snapshot().Corpus.Entries, e => e.Path == removed);
    }

    [Fact]
    public void A_commit_of_an_older_build_which_writes_no_stamp_leaves_the_corpus_file_unread()
    {
        // An older journal-lsp (a CLI tool updated apart from the editor's server) deletes a file's rows and bumps the
        // content version, but neither writes a stamp nor deletes the corpus file.
        using var folder = Indexed(out var tables);
        using (var engine = folder.OpenEngine()) Assert.True(engine.SaveCorpus());
        var removed = tables.Entries[0].Path;
        Assert.True(Execute(folder, $"""
            PRAGMA foreign_keys=ON;
            DELETE FROM files WHERE path = '{removed}';
            UPDATE meta SET value = value + 1 WHERE key = 'content_version';
            """) > 0);
        Assert.True(File.Exists(CorpusFile.PathOf(folder.IndexPath)));
        using var after = folder.OpenEngine();
        Assert.DoesNotContain(after.Snapshot().Corpus.Entries, e => e.Path == removed);
    }

    [Theory]
    [InlineData("a byte changed mid-file")]
    [InlineData("cut short")]
    [InlineData("zeros")]
    [InlineData("an impossible count of entries")]
    public void A_damaged_corpus_file_is_not_read_and_the_tables_answer(string damage)
    {
        using var folder = Indexed(out var tables);
        var file = CorpusFile.PathOf(folder.IndexPath);
        using (var engine = folder.OpenEngine()) Assert.True(engine.SaveCorpus());
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage switch
        {
            "a byte changed mid-file" => [.. bytes[..(bytes.Length / 2)], (byte)(bytes[bytes.Length / 2] ^ 1), .. bytes[(bytes.Length / 2 + 1)..]],
            "cut short" => bytes[..^100],
            // The count right after the header (magic 8, version 4, stamp 1 + 32, dimensions 4, length 8, hash 8).
            "an impossible count of entries" => [.. bytes[..65], .. BitConverter.GetBytes(int.MaxValue), .. bytes[69..]],
            _ => new byte[bytes.Length],
        });
        Assert.Null(CorpusFile.Read(file, Stamp(folder)!, tables.Dimensions));
        using var engine2 = folder.OpenEngine();
        AssertSame(tables, engine2.Snapshot().Corpus);
        Assert.NotEmpty(engine2.Similar(new SimilarQuery(Date: tables.Entries[0].Date, Top: 3)));
    }

    [Fact]
    public void The_corpus_file_is_written_once_the_index_has_been_quiet_for_a_minute_after_a_write()
    {
        using var folder = new TempFolder();
        foreach (var day in Days().Take(10)) folder.Write(Path.GetFileName(day), File.ReadAllText(day));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var engine = JournalEngine.Open(new JournalEngineOptions
        {
            JournalFolder = folder.Journal, IndexPath = folder.IndexPath, Embedder = SharedModel.Instance, Clock = clock,
        });
        engine.Index(); // a write: the save waits for a quiet minute
        var file = CorpusFile.PathOf(folder.IndexPath);
        clock.Advance(IndexReader.CorpusQuiet - TimeSpan.FromSeconds(10));
        Thread.Sleep(500);
        // A commit 50 s into the minute: the wait starts again from the next look, so no file at 65 s either.
        var first = Days().First();
        engine.UpdateFile(Path.Combine(folder.Journal, Path.GetFileName(first)), File.ReadAllText(first) + "\nAnd so to bed.\n");
        clock.Advance(TimeSpan.FromSeconds(15));
        Thread.Sleep(500);
        Assert.False(File.Exists(file)); // not before a quiet minute
        var deadline = DateTime.UtcNow.AddSeconds(30); // the save's own time; only keeps a hang from waiting forever
        while (CorpusFile.StampOf(file) != Stamp(folder) && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Thread.Sleep(100);
        }
        Assert.Equal(Stamp(folder), CorpusFile.StampOf(file));
    }

    [Fact]
    public void The_corpus_file_is_private_and_is_deleted_with_the_index()
    {
        using var folder = Indexed(out _);
        var file = CorpusFile.PathOf(folder.IndexPath);
        using var engine = folder.OpenEngine();
        Assert.True(engine.SaveCorpus());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var leftover = file + ".4242.0123456789abcdef.tmp"; // what a write cut short by a killed process leaves
        File.WriteAllText(leftover, "");
        var deleted = engine.DeleteIndex();
        Assert.Contains(file, deleted);
        Assert.Contains(leftover, deleted);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void An_index_from_before_content_stamps_gets_one_when_opened_so_its_corpus_can_be_saved()
    {
        using var folder = Indexed(out _);
        Assert.Equal(1, Execute(folder, $"DELETE FROM meta WHERE key = '{IndexWriteStore.ContentStampKey}'"));
        Assert.Null(Stamp(folder));
        using var engine = folder.OpenEngine();
        Assert.NotNull(Stamp(folder));
        Assert.True(engine.SaveCorpus());
    }

    private static IEnumerable<string> Days() => Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1663")).Order();

    // 20 days indexed, and the corpus a fresh engine loads from the tables (no corpus file yet).
    private static TempFolder Indexed(out SearchCorpus tables)
    {
        var folder = new TempFolder();
        foreach (var day in Days().Take(20)) folder.Write(Path.GetFileName(day), File.ReadAllText(day));
        using (var engine = folder.OpenEngine()) engine.Index();
        Assert.False(File.Exists(CorpusFile.PathOf(folder.IndexPath)));
        using (var engine = folder.OpenEngine()) tables = engine.Snapshot().Corpus;
        Assert.Equal(20, tables.Entries.Count);
        return folder;
    }

    // What names the index's content for the corpus file now (stamp/version).
    private static string? Stamp(TempFolder folder)
    {
        using var store = IndexReadStore.Open(folder.IndexPath);
        return store.ContentStamp();
    }

    private static int Execute(TempFolder folder, string sql)
    {
        using var db = new SqliteConnection($"Data Source={folder.IndexPath};Pooling=false");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static void AssertSame(SearchCorpus expected, SearchCorpus actual)
    {
        Assert.Equal(expected.Entries, actual.Entries);
        Assert.Equal(expected.Chunks, actual.Chunks);
        Assert.Equal(expected.Windows, actual.Windows);
        foreach (var (want, got, count) in new[] { (expected.Vectors, actual.Vectors, expected.Chunks.Count), (expected.WindowVectors, actual.WindowVectors, expected.Windows.Count) })
        {
            Assert.Equal(count, got.Count);
            for (var i = 0; i < count; i++)
            {
                Assert.True(want.Codes(i, out var wantScale).SequenceEqual(got.Codes(i, out var gotScale)), $"row {i}'s codes");
                Assert.Equal(wantScale, gotScale);
            }
        }
    }
}
