using JournalLsp.Core.Journal;

namespace JournalLsp.Indexing;

/// <summary>Judges a folder on disk with <see cref="JournalDetection"/>: lists its Markdown files and reads the heads of a sample.</summary>
public static class JournalDetector
{
    /// <summary>
    /// Lists <paramref name="folder"/>'s Markdown files (as an indexing run would, through <paramref name="filter"/>)
    /// and reads the first <see cref="JournalDetection.HeadChars"/> characters of up to
    /// <see cref="JournalDetection.SampleFiles"/> of them. Reads only; a file that cannot be read counts as undated.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">When the folder does not exist.</exception>
    public static JournalVerdict Judge(string folder, JournalFilter? filter = null)
    {
        var layout = JournalLayouts.Read(folder);
        var files = JournalFiles.Enumerate(folder, filter).Where(f => !f.EndsWith('/') && !layout.Ignores(f)).ToList();
        return JournalDetection.Judge(files.Count, JournalDetection.Sample(files).Select(f => (f, Head(Path.Combine(folder, f)))), layout);
    }

    /// <summary>
    /// Whether one journal file of <paramref name="folder"/> is dated (<see cref="JournalDetection.IsDated"/>), from
    /// <paramref name="text"/> (an editor's buffer) or else the first <see cref="JournalDetection.HeadChars"/> characters
    /// on disk; false for a file outside the folder, in no journal format (<see cref="JournalFormats"/>), or unreadable.
    /// </summary>
    public static bool IsDated(string folder, string path, string? text = null)
    {
        if (JournalFormats.Of(path) is null || JournalFiles.RelativePath(folder, path) is not { } relative) return false;
        return (text ?? Head(path)) is { } head && JournalDetection.IsDated(relative, head, JournalLayouts.Read(folder));
    }

    private static string? Head(string path)
    {
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[JournalDetection.HeadChars];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
