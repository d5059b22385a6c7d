using System.Security.Cryptography;
using System.Text;

namespace JournalLsp.Indexing;

/// <summary>A journal file read from disk: its bytes' hash and, when it is readable text, the text.</summary>
/// <param name="RelativePath">Path relative to the journal folder, '/'-separated.</param>
/// <param name="Hash">SHA-256 of the bytes, hex.</param>
/// <param name="SizeBytes">File size in bytes.</param>
/// <param name="Text">The decoded text, or null when the file was skipped.</param>
/// <param name="SkipReason">Why the file is not indexed, or null.</param>
/// <param name="Warnings">Problems worked around while reading (an encoding fallback).</param>
public sealed record JournalFile(string RelativePath, string Hash, long SizeBytes, string? Text, string? SkipReason, IReadOnlyList<string> Warnings);

/// <summary>Finds and reads the Markdown files of a journal folder, refusing what is not journal text.</summary>
public static class JournalFiles
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// <paramref name="path"/> (absolute, or relative to <paramref name="folder"/>) relative to the folder,
    /// '/'-separated, or null when it lies outside the folder.
    /// </summary>
    public static string? RelativePath(string folder, string path)
    {
        var relative = Path.GetRelativePath(folder, Path.GetFullPath(path, folder));
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        return relative.Replace('\\', '/');
    }

    /// <summary>
    /// Every <c>*.md</c> file under <paramref name="folder"/> (case-insensitive) that <paramref name="filter"/> accepts,
    /// skipping hidden folders such as .git and .obsidian; relative paths use '/', in ordinal order.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">When the folder does not exist.</exception>
    public static IReadOnlyList<string> Enumerate(string folder, JournalFilter? filter = null)
    {
        filter ??= JournalFilter.All;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"journal folder not found: {folder}");
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            MatchCasing = MatchCasing.CaseInsensitive,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        return Directory.EnumerateFiles(folder, "*.md", options)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(filter.Matches)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Reads one file. Empty, binary (NUL bytes) and oversized files are skipped with a reason; text that is not
    /// valid UTF-8 is read as Latin-1 with a warning rather than lost. Never throws for bad content.
    /// </summary>
    /// <param name="folder">The journal folder.</param>
    /// <param name="relativePath">The file, relative to <paramref name="folder"/>.</param>
    /// <param name="maxBytes">Files larger than this are skipped (bytes).</param>
    public static JournalFile Read(string folder, string relativePath, long maxBytes)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.Combine(folder, relativePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new JournalFile(relativePath, "unreadable", 0, null, $"could not be read: {e.Message}", []);
        }
        return FromBytes(relativePath, bytes, maxBytes);
    }

    /// <summary>
    /// The same checks as <see cref="Read"/> for text an editor holds (unsaved changes): hashed as UTF-8, so a buffer
    /// that matches the file on disk is recognised as unchanged.
    /// </summary>
    public static JournalFile FromText(string relativePath, string text, long maxBytes) =>
        FromBytes(relativePath, Encoding.UTF8.GetBytes(text), maxBytes);

    private static JournalFile FromBytes(string relativePath, byte[] bytes, long maxBytes)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        JournalFile Skip(string reason) => new(relativePath, hash, bytes.Length, null, reason, []);

        if (bytes.Length == 0) return Skip("empty file");
        if (bytes.Length > maxBytes)
            return Skip($"file is {bytes.Length / 1048576.0:F1} MB, over the {maxBytes / 1048576.0:F1} MB limit for one journal file");
        if (Array.IndexOf(bytes, (byte)0) >= 0) return Skip("binary file (contains NUL bytes), not Markdown text");

        var span = bytes.AsSpan();
        if (span.StartsWith("\xEF\xBB\xBF"u8)) span = span[3..];
        try
        {
            return new JournalFile(relativePath, hash, bytes.Length, s_strictUtf8.GetString(span), null, []);
        }
        catch (DecoderFallbackException e)
        {
            var warning = $"not valid UTF-8 (bad byte at offset {e.Index}); read as Latin-1";
            return new JournalFile(relativePath, hash, bytes.Length, Encoding.Latin1.GetString(span), null, [warning]);
        }
    }
}
