using System.Text;

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
        Assert.Equal(1, BytesOnDisk.Count(folder.IndexPath, PublicMarker) > 0 ? 1 : 0); // the byte search sees indexed text
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, PrivateMarker));
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, ExcludedMarker));
    }

    [Fact]
    public void Text_that_turns_private_after_indexing_leaves_the_file_the_wal_and_the_fts_index()
    {
        using var folder = new TempFolder();
        folder.Write("2024/2024-03-01.md", Day("2024-03-01", "Walked along the river in the rain."));
        var onDisk = folder.Write("2024/2024-03-02.md", Day("2024-03-02", $"Told Sam about the {PrivateMarker} plan over lunch."));
        var inEditor = folder.Write("notes/ideas.md", $"# Ideas about {ExcludedMarker}\n\nA shed for the {ExcludedMarker} by the apple tree.\n");
        using var engine = folder.OpenEngine();
        engine.Index();
        engine.MarkSeen(inEditor); // the seen-log names an undated note by its heading
        Assert.True(BytesOnDisk.Count(folder.IndexPath, PrivateMarker) >= 2, "the marker should be in the chunk text and the FTS index");
        Assert.True(BytesOnDisk.Count(folder.IndexPath, ExcludedMarker) >= 3, "the marker should be in the chunk text, FTS index and seen-log");

        // One file turns private on disk (an indexing run), the other in an editor buffer (a one-file update).
        File.WriteAllText(onDisk, "---\nprivate: true\n---\n" + File.ReadAllText(onDisk));
        engine.Index();
        engine.UpdateFile(inEditor, "---\nprivate: yes\n---\n" + File.ReadAllText(inEditor));

        Assert.Equal(1, engine.Status().Entries);
        Assert.All(engine.Ask(PrivateMarker), r => Assert.Equal("2024/2024-03-01.md", r.Path));
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, PrivateMarker));
        Assert.Equal(0, BytesOnDisk.Count(folder.IndexPath, ExcludedMarker));
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
            Assert.Equal(PrivateModes.File, File.GetUnixFileMode(folder.IndexPath));
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertPrivate(string indexPath)
    {
        Assert.Equal(PrivateModes.Folder, File.GetUnixFileMode(Path.GetDirectoryName(indexPath)!));
        var files = new[] { "", "-wal", "-shm" }.Select(s => indexPath + s).ToList();
        Assert.All(files, f => Assert.True(File.Exists(f), $"{f} missing"));
        Assert.All(files, f => Assert.Equal(PrivateModes.File, File.GetUnixFileMode(f)));
    }
}

/// <summary>The modes the index must have: 0700 folders, 0600 files.</summary>
internal static class PrivateModes
{
    public const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
}

/// <summary>Searches the raw bytes of an index file and its -wal and -shm (as they are now, while open) for a word.</summary>
internal static class BytesOnDisk
{
    /// <summary>How many times <paramref name="word"/> (ASCII, any case) occurs in the three files together.</summary>
    public static int Count(string indexPath, string word)
    {
        var needle = Encoding.ASCII.GetBytes(word.ToLowerInvariant());
        var count = 0;
        foreach (var path in new[] { indexPath, indexPath + "-wal", indexPath + "-shm" })
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
