using System.Security.Cryptography;
using System.Text;

namespace JournalLsp.Indexing;

/// <summary>Where indexes and the extracted model live on the user's disk. Nothing is stored anywhere else.</summary>
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
    /// The default index file for a journal folder: one per folder, named after it plus a hash of its full path,
    /// e.g. <c>~/.cache/journal-lsp/indexes/journal-3f2a9c1b7d0e/index.db</c>.
    /// </summary>
    public static string DefaultIndexPath(string journalFolder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(journalFolder));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12];
        var name = new string(Path.GetFileName(full).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return Path.Combine(CacheRoot(), "indexes", $"{(name.Length == 0 ? "journal" : name)}-{hash}", "index.db");
    }

    /// <summary>Folder for models extracted from their packages.</summary>
    public static string ModelFolder() => Path.Combine(CacheRoot(), "models");
}
