using System.Security.Cryptography;
using System.Text;
using JournalLsp.Indexing.Privacy;

namespace JournalLsp.Indexing;

/// <summary>
/// Where indexes and the unpacked model live on the user's disk. Nothing is stored anywhere else, and every folder
/// here is readable by its owner only (0700; docs/privacy.md).
/// </summary>
public static class IndexLocation
{
    /// <summary>
    /// The cache root: <c>$XDG_CACHE_HOME/journal-lsp</c>, else <c>~/.cache/journal-lsp</c> (on Windows, the local
    /// application data folder).
    /// </summary>
    public static string CacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "journal-lsp");
        var home = Environment.GetFolderPath(OperatingSystem.IsWindows()
            ? Environment.SpecialFolder.LocalApplicationData : Environment.SpecialFolder.UserProfile);
        return OperatingSystem.IsWindows() ? Path.Combine(home, "journal-lsp") : Path.Combine(home, ".cache", "journal-lsp");
    }

    /// <summary>
    /// The default index file for a journal folder and model: one folder per journal folder, named after it plus a
    /// hash of its full path, e.g. <c>~/.cache/journal-lsp/indexes/journal-3f2a9c1b7d0e/index.db</c> for the default
    /// model and <c>index-snowflake-arctic-embed-xs.db</c> beside it for another, so switching models back and forth
    /// re-embeds nothing and vectors of two models never share an index.
    /// </summary>
    /// <param name="journalFolder">The journal folder.</param>
    /// <param name="model">The embedding model; null for the default.</param>
    public static string DefaultIndexPath(string journalFolder, Embeddings.EmbeddingModelInfo? model = null)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(journalFolder));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12];
        var name = new string(Path.GetFileName(full).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return Path.Combine(CacheRoot(), "indexes", $"{(name.Length == 0 ? "journal" : name)}-{hash}", IndexFileName(model));
    }

    /// <summary>
    /// An index's file name for a model (null: this machine's default): <c>index.db</c> for all-MiniLM-L6-v2 (fp32, the
    /// first default, so older indexes keep their name), else <c>index-&lt;model id&gt;.db</c>. Fixed per model, not
    /// per machine: a folder two machines share never swaps its files when their defaults differ.
    /// </summary>
    public static string IndexFileName(Embeddings.EmbeddingModelInfo? model)
    {
        model ??= Embeddings.EmbeddingModelInfo.Default;
        return model == Embeddings.EmbeddingModelInfo.MiniLmL6V2 ? "index.db" : $"index-{model.Id}.db";
    }

    /// <summary>Folder for the models unpacked from the program's models/ (and quantised).</summary>
    public static string ModelFolder() => Path.Combine(CacheRoot(), "models");

    /// <summary>
    /// Creates <paramref name="folder"/> for an index or a model, readable by its owner only (0700). Inside
    /// <see cref="CacheRoot"/>, the cache root and every folder down to <paramref name="folder"/> are set to 0700 even
    /// when they exist (an older version made them 0755); elsewhere (an index location the user chose) only the folders
    /// created here are 0700 and existing ones are left alone.
    /// </summary>
    public static void CreateFolder(string folder)
    {
        folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var root = CacheRoot();
        var relative = Path.GetRelativePath(root, folder);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            PrivateStorage.CreateFolder(folder, restrictExisting: false);
            return;
        }
        PrivateStorage.CreateFolder(root, restrictExisting: true);
        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            current = Path.Combine(current, part);
            PrivateStorage.CreateFolder(current, restrictExisting: true);
        }
    }

    /// <summary>
    /// Deletes everything stored for one index: the file at <paramref name="indexPath"/>, its -wal, -shm and -journal,
    /// its corpus file (-corpus, and what a write of it cut short left), a damaged copy moved aside (<c>.corrupt</c>), and its folder when that is the per-journal folder under
    /// <see cref="CacheRoot"/> and nothing else is left in it. The shared model folder stays. Close the index first.
    /// </summary>
    /// <returns>The paths deleted (files, then the folder), empty when nothing was stored.</returns>
    /// <exception cref="IOException">When a file cannot be deleted.</exception>
    public static IReadOnlyList<string> DeleteIndex(string indexPath) => DeleteFiles(indexPath);

    /// <summary>
    /// Deletes the journal's index at the default location for every model we build with, installed here or not (an
    /// earlier version may have used one this installation leaves out; <see cref="DefaultIndexPath"/>),
    /// as <see cref="DeleteIndex"/> does for one, the default model's last so that the journal's folder goes with it.
    /// </summary>
    /// <returns>The paths deleted; empty when nothing was stored.</returns>
    /// <exception cref="IOException">When a file cannot be deleted.</exception>
    public static IReadOnlyList<string> DeleteIndexes(string journalFolder) =>
        [.. Embeddings.EmbeddingModelInfo.All.Reverse().SelectMany(m => DeleteFiles(DefaultIndexPath(journalFolder, m)))];

    private static List<string> DeleteFiles(string indexPath)
    {
        indexPath = Path.GetFullPath(indexPath);
        var deleted = new List<string>();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal", ".corrupt" })
        {
            var file = indexPath + suffix;
            if (!File.Exists(file)) continue;
            File.Delete(file);
            deleted.Add(file);
        }
        deleted.AddRange(Storage.CorpusFile.Delete(indexPath));
        var folder = Path.GetDirectoryName(indexPath)!;
        var indexes = Path.Combine(CacheRoot(), "indexes");
        if (Path.GetDirectoryName(folder) == indexes && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
            deleted.Add(folder);
        }
        return deleted;
    }
}
