using System.Security.Cryptography;
using System.Text;

namespace JournalLsp.Core.Journal;

/// <summary>
/// The lines of a journal's template: a line that repeats, word for word, across many files ("## Gratitude",
/// "Mood:", "Weather:"), found by counting. They are left out of what gets embedded and of the full-text index, so
/// entries do not look alike only because they share a template, and a search for "gratitude" does not match every
/// day. Lines compare trimmed, with runs of whitespace as one space, ignoring case. Lines are counted per file, so a
/// journal kept in one file (or a few) has no template by this rule, however its entries repeat a prompt.
/// </summary>
public sealed class TemplateLines
{
    /// <summary>
    /// A template line appears in at least this many files: 5, so that a journal of a few days never loses a line two
    /// of them happen to share ("Rain.").
    /// </summary>
    public const int MinFiles = 5;

    /// <summary>
    /// ... and in at least this share of the files with text: 0.1. A template used for a year of a ten-year journal
    /// still counts; a sentence a diarist repeats now and then does not (in all 3,413 days of Pepys no line reaches
    /// this share).
    /// </summary>
    public const double MinShare = 0.1;

    private readonly HashSet<string> _lines;

    private TemplateLines(IEnumerable<string> normalizedLines) => _lines = normalizedLines.ToHashSet(StringComparer.Ordinal);

    /// <summary>No template lines.</summary>
    public static TemplateLines None { get; } = new([]);

    /// <summary>The template lines, normalised (trimmed, whitespace collapsed, lower-case), in ordinal order.</summary>
    public IReadOnlyList<string> Lines => _lines.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// A short stable fingerprint of <see cref="Lines"/> (hex SHA-256 of them, one per line): an index records it, and
    /// when it changes every file is chunked again.
    /// </summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Lines))))[..16];

    /// <summary>Template lines given as <see cref="Lines"/> gave them (read back from an index).</summary>
    public static TemplateLines Of(IEnumerable<string> lines) => new(lines.Select(Normalize).Where(l => l.Length > 0));

    /// <summary>
    /// The lines that appear in at least <see cref="MinFiles"/> files and <see cref="MinShare"/> of them (each file
    /// counted once per line).
    /// </summary>
    /// <param name="fileTexts">The text of every journal file; front matter is not counted, and dated headings never repeat.</param>
    public static TemplateLines Find(IEnumerable<string> fileTexts)
    {
        var files = 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFile = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in fileTexts)
        {
            files++;
            inFile.Clear();
            var lines = Text.LineIndex.Split(text);
            foreach (var line in lines.Skip(JournalParser.BodyStartLine(lines))) // front matter is no template
            {
                var normalized = Normalize(line);
                if (normalized.Length > 0 && inFile.Add(normalized)) counts[normalized] = counts.GetValueOrDefault(normalized) + 1;
            }
        }
        var needed = Math.Max(MinFiles, (int)Math.Ceiling(MinShare * files));
        return new TemplateLines(counts.Where(kv => kv.Value >= needed).Select(kv => kv.Key));
    }

    /// <summary>True when <paramref name="line"/> is a template line.</summary>
    public bool Contains(string line) => _lines.Count > 0 && _lines.Contains(Normalize(line));

    /// <summary>
    /// <paramref name="text"/> (an entry's body, its lines joined by '\n') with every template line blanked (its
    /// characters removed, its line break kept), so line numbers stay those of the file. Returns the same string when
    /// there is nothing to blank.
    /// </summary>
    public string Strip(string text)
    {
        if (_lines.Count == 0) return text;
        var lines = Text.LineIndex.Split(text);
        if (!lines.Any(Contains)) return text;
        return string.Join('\n', lines.Select(l => Contains(l) ? "" : l));
    }

    private static string Normalize(string line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var word in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(word.ToLowerInvariant());
        }
        return builder.ToString();
    }
}
