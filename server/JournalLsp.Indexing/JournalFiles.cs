using JournalLsp.Core.Journal;
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

/// <summary>Finds and reads the journal files of a folder (<see cref="JournalFormats"/>), refusing what is not journal text.</summary>
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
    /// Every journal file (<see cref="JournalFormats.Of"/>) under <paramref name="folder"/> (case-insensitive) that <paramref name="filter"/> accepts,
    /// skipping hidden folders such as .git and .obsidian and symbolic links (no loops); relative paths use '/', in
    /// ordinal order. A folder that cannot be listed (no permission) is listed itself, as its path with a trailing '/',
    /// so that <see cref="Read"/> reports it like an unreadable file instead of its entries vanishing unexplained.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">When the folder does not exist.</exception>
    public static IReadOnlyList<string> Enumerate(string folder, JournalFilter? filter = null)
    {
        filter ??= JournalFilter.All;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"journal folder not found: {folder}");
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            MatchCasing = MatchCasing.CaseInsensitive,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        var found = new List<string>();
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var directory))
        {
            string Relative(string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');
            try
            {
                var files = Directory.EnumerateFiles(directory, "*", options).Select(Relative).Where(filter.Matches).ToList();
                var folders = Directory.EnumerateDirectories(directory, "*", options).ToList();
                found.AddRange(files);
                foreach (var d in folders) pending.Push(d);
            }
            catch (Exception e) when (directory != folder && e is UnauthorizedAccessException or IOException)
            {
                // Would a journal file in it be indexed? Then say that the folder could not be read.
                var relative = Relative(directory) + "/";
                if (JournalFormats.All.SelectMany(f => f.Extensions).Any(e => filter.Matches(relative + "entry" + e))) found.Add(relative);
            }
        }
        return found.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The hash of a file that could not be read (<see cref="Read"/>): no stamp may vouch for it, since what fixes it
    /// (a permission, a cloud file brought down) need not change its size or write time.
    /// </summary>
    public const string UnreadableHash = "unreadable";

    /// <summary>
    /// The file's stamp (<see cref="FileStamp"/>: size and last write time), or null when it cannot be stat'ed (gone,
    /// no permission) or is a folder path from <see cref="Enumerate"/> (which lists no symbolic links). Never throws.
    /// </summary>
    public static FileStamp? Stamp(string folder, string relativePath)
    {
        if (relativePath.EndsWith('/')) return null;
        try
        {
            var file = new FileInfo(Path.Combine(folder, relativePath));
            return file.Exists ? new FileStamp(file.Length, file.LastWriteTimeUtc.Ticks) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads one file. Empty, binary and oversized files are skipped with a reason (an oversized one without being
    /// read); text that is not valid UTF-8 is read as Latin-1 with a warning rather than lost, and stray NUL bytes are
    /// dropped with a warning. A folder path (trailing '/', from <see cref="Enumerate"/>) is reported as unreadable.
    /// Never throws for bad content.
    /// </summary>
    /// <param name="folder">The journal folder.</param>
    /// <param name="relativePath">The file, relative to <paramref name="folder"/>.</param>
    /// <param name="maxBytes">Files larger than this are skipped (bytes).</param>
    public static JournalFile Read(string folder, string relativePath, long maxBytes)
    {
        if (relativePath.EndsWith('/'))
            return new JournalFile(relativePath, UnreadableHash, 0, null, "folder could not be read (no permission): its files are not indexed", []);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(Path.Combine(folder, relativePath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = stream.Length;
            // Not read at all: its length and time stand in for its hash, so it is checked again only once it changes.
            if (length > maxBytes)
                return new JournalFile(relativePath, $"size:{length}:{File.GetLastWriteTimeUtc(stream.SafeFileHandle).Ticks}", length, null, TooLarge(length, maxBytes), []);
            bytes = new byte[length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone between listing and reading, no permission, or cut short while read.
            return new JournalFile(relativePath, UnreadableHash, 0, null, $"could not be read: {e.Message}", []);
        }
        return FromBytes(relativePath, bytes, maxBytes);
    }

    private static string TooLarge(long bytes, long maxBytes) =>
        $"file is {bytes / 1048576.0:F1} MB, over the {maxBytes / 1048576.0:F1} MB limit for one journal file";

    /// <summary>
    /// The same checks as <see cref="Read"/> for text an editor holds (unsaved changes): hashed as UTF-8, so a buffer
    /// that matches the file on disk is recognised as unchanged.
    /// </summary>
    public static JournalFile FromText(string relativePath, string text, long maxBytes) =>
        FromBytes(relativePath, Encoding.UTF8.GetBytes(text), maxBytes);

    // Binary as git decides it (xdiff's buffer_is_binary looks for a NUL in the first 8,000 bytes), made tolerant of
    // a stray NUL in text: binary when more than 1 in 16 of the first 8,000 bytes are control bytes other than tab,
    // line feed, form feed and carriage return (a PNG's first 12 bytes hold 4, a JPEG's or a PDF's more).
    private static bool IsBinary(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 8000)];
        var control = 0;
        foreach (var b in head)
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\f' and not (byte)'\r') control++;
        return control * 16 > head.Length;
    }

    private static JournalFile FromBytes(string relativePath, byte[] bytes, long maxBytes)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        JournalFile Skip(string reason) => new(relativePath, hash, bytes.Length, null, reason, []);

        if (bytes.Length == 0) return Skip("empty file");
        if (bytes.Length > maxBytes) return Skip(TooLarge(bytes.Length, maxBytes));
        if (IsBinary(bytes)) return Skip("binary file (control bytes such as NUL), not Markdown text");

        var span = bytes.AsSpan();
        if (span.StartsWith("\xEF\xBB\xBF"u8)) span = span[3..];
        var warnings = new List<string>();
        var nuls = span.Count((byte)0);
        if (nuls > 0)
        {
            // A stray NUL (a bad copy and paste, a crashed editor) must not cost the whole file; text after it is kept.
            var cleaned = new byte[span.Length - nuls];
            var at = 0;
            foreach (var b in span) if (b != 0) cleaned[at++] = b;
            span = cleaned;
            warnings.Add($"{nuls} NUL byte{(nuls == 1 ? "" : "s")} removed");
        }
        try
        {
            return new JournalFile(relativePath, hash, bytes.Length, s_strictUtf8.GetString(span), null, warnings);
        }
        catch (DecoderFallbackException e)
        {
            warnings.Insert(0, $"not valid UTF-8 (bad byte at offset {e.Index}); read as Latin-1");
            return new JournalFile(relativePath, hash, bytes.Length, Encoding.Latin1.GetString(span), null, warnings);
        }
    }

    /// <summary>Throws unless <paramref name="folder"/> is a folder that exists.</summary>
    /// <exception cref="DirectoryNotFoundException">With a message that says whether it is missing or a file.</exception>
    public static void RequireFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException(File.Exists(folder) ? $"the journal is a folder, and {folder} is a file" : $"journal folder not found: {folder}");
    }
}
