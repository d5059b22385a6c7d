using System.Text;
using JournalLsp.Indexing.Privacy;
using Microsoft.Data.Sqlite;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// Private stays private, checked in the bytes on disk: what is marked private or excluded never reaches the index
/// file, its WAL or its shared memory, and text that turns private after it was indexed leaves them (rows, vectors,
/// FTS terms, the seen-log). The index and its folder are readable by their owner only.
/// </summary>
public sealed class PrivateIndexTests
{
    // Lower case and free of suffixes Porter stemming would cut, so the FTS index stores these very bytes.
    private const string PrivateMarker = "xylqvorn";
    private const string ExcludedMarker = "brimzaquet";
    private const string PublicMarker = "plonkwhistle";

    private static string Day(string date, string text) => $"# {date}\n\n{text}\n";

    [Fact]
    public void Private_and_excluded_entries_never_reach_the_index_bytes()
    {
        using var folder = new TempFolder();
        folder.Write("2024/2024-03-01.md", Day("2024-03-01", $"Walked along the river; saw a {PublicMarker} on the bank."));
        folder.Write("2024/2024-03-02.md", $"---\nprivate: true\n---\n# 2024-03-02\n\nA secret: {PrivateMarker} at the doctor's.\n");
        folder.Write("drafts/2024-03-03.md", Day("2024-03-03", $"Draft letter about {ExcludedMarker}, never sent."));
        using var engine = folder.OpenEngine();
        engine.Filter = new JournalFilter(["**/*.md"], ["drafts/**"]);

        var summary = engine.Index();
        Assert.Equal(1, summary.Entries);
        Assert.True(BytesOnDisk.Count(folder.IndexPath, PublicMarker) > 0, "the byte search should see indexed text");
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, PrivateMarker));
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, ExcludedMarker));
    }

    [Fact]
    public void A_line_private_files_share_never_becomes_a_template_line_in_the_index()
    {
        // Six private days share a heading: were private files counted, it would be a template line, stored in meta.
        using var folder = new TempFolder();
        for (var day = 1; day <= 6; day++)
            folder.Write($"p{day}.md", $"---\nprivate: true\n---\n# 2024-03-0{day}\n\n## Sessions with Dr Quellbrook\n\nSomething private {day}.\n");
        for (var day = 1; day <= 4; day++) folder.Write($"d{day}.md", Day($"2024-04-0{day}", $"An ordinary day number {day}, {PublicMarker}."));
        using (var engine = folder.OpenEngine())
        {
            var summary = engine.Index();
            Assert.Equal(6, summary.Skipped.Count);
            Assert.Empty(summary.TemplateLines!);
            Assert.Empty(engine.Status().TemplateLines!);
        }
        Assert.True(BytesOnDisk.Count(folder.IndexPath, PublicMarker) > 0, "the byte search should see indexed text");
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, "Quellbrook"));
    }

    [Fact]
    public void Text_that_turns_private_or_excluded_after_indexing_leaves_the_file_the_wal_and_the_fts_index()
    {
        const string noteMarker = "quorvendil";
        using var folder = new TempFolder();
        folder.Write("2024/2024-03-01.md", Day("2024-03-01", "Walked along the river in the rain."));
        var onDisk = folder.Write("2024/2024-03-02.md", Day("2024-03-02", $"Told Sam about the {PrivateMarker} plan over lunch."));
        var inEditor = folder.Write("notes/ideas.md", $"# Ideas about {noteMarker}\n\nA shed for the {noteMarker} by the apple tree.\n");
        folder.Write("drafts/2024-03-03.md", Day("2024-03-03", $"Draft letter about {ExcludedMarker}, never sent."));
        using var engine = folder.OpenEngine();
        engine.Index();
        engine.MarkSeen(inEditor); // the seen-log names an undated note by its heading
        Assert.True(engine.SaveCorpus()); // the corpus file holds headings
        Assert.True(BytesOnDisk.Count(folder.IndexPath, PrivateMarker) >= 2, "the marker should be in the chunk text and the FTS index");
        Assert.True(BytesOnDisk.Count(folder.IndexPath, noteMarker) >= 4, "the marker should be in the chunk text, FTS index, seen-log and corpus file");
        Assert.True(BytesOnDisk.Count(folder.IndexPath, ExcludedMarker) >= 2, "the draft should be indexed before it is excluded");

        // One file turns private on disk (an indexing run), one in an editor buffer (a one-file update), and the
        // drafts folder is excluded (the next run drops it).
        File.WriteAllText(onDisk, "---\nprivate: true\n---\n" + File.ReadAllText(onDisk));
        engine.Filter = new JournalFilter(["**/*.md"], ["drafts/**"]);
        engine.Index();
        engine.UpdateFile(inEditor, "---\nprivate: yes\n---\n" + File.ReadAllText(inEditor));

        Assert.Equal(1, engine.Status().Entries);
        Assert.All(engine.Ask(PrivateMarker), r => Assert.Equal("2024/2024-03-01.md", r.Path));
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, PrivateMarker));
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, noteMarker));
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, ExcludedMarker));
    }

    [Fact]
    public void An_index_from_before_secure_deletes_is_rewritten_once_so_old_text_leaves_it()
    {
        using var folder = new TempFolder();
        folder.Write("2024/2024-03-01.md", Day("2024-03-01", "Walked along the river in the rain."));
        folder.Write("2024/2024-03-02.md", Day("2024-03-02", $"Told Sam about the {PrivateMarker} plan over lunch."));
        using (var engine = folder.OpenEngine()) engine.Index();

        // Make it an index as an older version left it: deletes not secure, the file's rows deleted the old way, so
        // its text stays in free pages and its words in FTS5 doclists behind delete markers.
        using (var db = new SqliteConnection($"Data Source={folder.IndexPath};Pooling=false"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                PRAGMA secure_delete=OFF; PRAGMA foreign_keys=ON;
                INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('secure-delete', 0);
                DELETE FROM meta WHERE key = 'secure_delete';
                DELETE FROM files WHERE path = '2024/2024-03-02.md';
                PRAGMA wal_checkpoint(TRUNCATE);
                """;
            cmd.ExecuteNonQuery();
        }
        Assert.True(BytesOnDisk.Count(folder.IndexPath, PrivateMarker) > 0, "an insecure delete should leave the text behind");

        using (var engine = folder.OpenEngine())
        {
            Assert.Equal(1, engine.Status().Entries);
            Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, PrivateMarker));
            Assert.Equal("2024-03-01", engine.Ask("a walk by the river in the rain", new AskOptions(Top: 1)).Single().Date?.ToString("yyyy-MM-dd"));
        }
    }

    [Fact]
    public void The_index_its_wal_and_shm_are_0600_in_a_0700_folder_even_when_an_older_version_made_them_0644()
    {
        if (OperatingSystem.IsWindows()) return; // per-user profile folders; no Unix modes
        using var folder = new TempFolder();
        folder.Write("2024/2024-03-01.md", Day("2024-03-01", "Walked along the river in the rain."));
        using (var engine = folder.OpenEngine())
        {
            engine.Index();
            AssertPrivate(folder.IndexPath);
        }

        // An index from before this fix: world-readable. Opening it again restricts it.
        File.SetUnixFileMode(folder.IndexPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (var engine = folder.OpenEngine())
        {
            engine.Index();
            Assert.Equal(PrivateStorage.OwnerOnlyFile, File.GetUnixFileMode(folder.IndexPath));
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertPrivate(string indexPath)
    {
        Assert.Equal(PrivateStorage.OwnerOnlyFolder, File.GetUnixFileMode(Path.GetDirectoryName(indexPath)!));
        var files = new[] { "", "-wal", "-shm" }.Select(s => indexPath + s).ToList();
        Assert.All(files, f => Assert.True(File.Exists(f), $"{f} missing"));
        Assert.All(files, f => Assert.Equal(PrivateStorage.OwnerOnlyFile, File.GetUnixFileMode(f)));
    }
}

/// <summary>Searches the raw bytes of an index file, its -wal and -shm (as they are now, while open) and its corpus file for a word.</summary>
internal static class BytesOnDisk
{
    /// <summary>How many times <paramref name="word"/> (ASCII, any case) occurs in the four files together.</summary>
    public static int Count(string indexPath, string word)
    {
        var needle = Encoding.ASCII.GetBytes(word.ToLowerInvariant());
        var count = 0;
        foreach (var path in new[] { indexPath, indexPath + "-wal", indexPath + "-shm", indexPath + "-corpus" })
        {
            if (!File.Exists(path)) continue;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            for (var i = 0; i < bytes.Length; i++) if (bytes[i] is >= (byte)'A' and <= (byte)'Z') bytes[i] += 32;
            for (var at = bytes.AsSpan().IndexOf(needle); at >= 0;)
            {
                count++;
                var next = bytes.AsSpan(at + 1).IndexOf(needle);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }
        return count;
    }
}
