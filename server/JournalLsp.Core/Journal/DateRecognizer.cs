using System.Globalization;
using System.Text.RegularExpressions;

namespace JournalLsp.Core.Journal;

/// <summary>What a piece of text says about a date.</summary>
public enum DateMatchKind
{
    /// <summary>No date here.</summary>
    None,
    /// <summary>A real calendar date.</summary>
    Valid,
    /// <summary>Looks like a date but names a day that does not exist (2019-02-30).</summary>
    Impossible,
}

/// <summary>The outcome of recognising a date in a heading, a file path or a front matter value.</summary>
/// <param name="Kind">Whether a date was found and whether it exists.</param>
/// <param name="Date">The date when <paramref name="Kind"/> is <see cref="DateMatchKind.Valid"/>.</param>
/// <param name="Text">The text that looked like a date (for warnings).</param>
public readonly record struct DateMatch(DateMatchKind Kind, DateOnly Date, string Text)
{
    /// <summary>No date found.</summary>
    public static readonly DateMatch None = new(DateMatchKind.None, default, "");
}

/// <summary>
/// Recognises the date forms journals use in headings (<c>2019-11-03</c>, <c>Sunday, 3 November 2019</c>,
/// <c>Nov 3, 2019</c>) and in paths (<c>2019-11-03.md</c>, <c>2019/11/03.md</c>, <c>20191103.md</c>).
/// Never looks at file times.
/// </summary>
public static partial class DateRecognizer
{
    private static readonly string[] s_naturalFormats =
    [
        "d MMMM yyyy", "d MMM yyyy", "MMMM d yyyy", "MMM d yyyy", "MMMM d, yyyy", "MMM d, yyyy",
        "dddd d MMMM yyyy", "dddd, d MMMM yyyy", "dddd MMMM d yyyy", "dddd, MMMM d, yyyy", "dddd, MMMM d yyyy",
        "ddd d MMM yyyy", "ddd, d MMM yyyy", "ddd, MMM d, yyyy", "ddd MMM d yyyy",
    ];

    // ISO-like date at the start of a heading, optionally followed by a title: "2019-11-03", "2019/11/03 — Walk".
    [GeneratedRegex(@"^(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?:$|[\s:,\-–—|]+)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoAtStart();

    [GeneratedRegex(@"(?<=\d)(st|nd|rd|th)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OrdinalSuffix();

    [GeneratedRegex(@"^(?<y>\d{4})[-_.]?(?<m>\d{2})[-_.]?(?<d>\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex FileNameDate();

    [GeneratedRegex(@"^\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex OneOrTwoDigits();

    [GeneratedRegex(@"^\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex FourDigits();

    /// <summary>Recognises a heading that is a date: ISO at its start, or a whole natural-language date.</summary>
    /// <param name="heading">Heading text without the leading #'s.</param>
    public static DateMatch FromHeading(string heading)
    {
        var text = heading.Trim();
        var iso = IsoAtStart().Match(text);
        if (iso.Success)
            return FromParts(iso.Groups["y"].Value, iso.Groups["m"].Value, iso.Groups["d"].Value, iso.Value.Trim());
        return FromNatural(text);
    }

    /// <summary>Recognises a date written in words ("Sunday, 3 November 2019", "Nov 3rd, 2019"), or ISO.</summary>
    public static DateMatch FromText(string text)
    {
        var trimmed = text.Trim().Trim('"', '\'');
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return new DateMatch(DateMatchKind.Valid, d, trimmed);
        if (DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dt)
            && IsoAtStart().IsMatch(trimmed + " "))
            return new DateMatch(DateMatchKind.Valid, DateOnly.FromDateTime(dt), trimmed);
        return FromHeading(trimmed);
    }

    private static DateMatch FromNatural(string text)
    {
        var cleaned = OrdinalSuffix().Replace(text.TrimEnd('.', ':', ' '), "");
        cleaned = cleaned.Replace("Sept ", "Sep ", StringComparison.OrdinalIgnoreCase);
        if (!char.IsLetterOrDigit(cleaned.FirstOrDefault()) || !cleaned.Any(char.IsDigit) || cleaned.Length > 40)
            return DateMatch.None;
        if (DateTime.TryParseExact(cleaned, s_naturalFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces, out var dt))
            return new DateMatch(DateMatchKind.Valid, DateOnly.FromDateTime(dt), text);
        return DateMatch.None;
    }

    /// <summary>
    /// Recognises a date in a path relative to the journal folder: the file name (<c>2019-11-03.md</c>,
    /// <c>20191103.md</c>, <c>2019-11-03-walk.md</c>) or the folders (<c>2019/11/03.md</c>).
    /// </summary>
    /// <param name="relativePath">Path relative to the journal folder, with '/' or the OS separator.</param>
    public static DateMatch FromPath(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return DateMatch.None;
        var stem = Path.GetFileNameWithoutExtension(parts[^1]);
        var m = FileNameDate().Match(stem);
        if (m.Success)
            return FromParts(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value, stem);
        if (parts.Length >= 3 && OneOrTwoDigits().IsMatch(stem) && OneOrTwoDigits().IsMatch(parts[^2])
            && FourDigits().IsMatch(parts[^3]))
            return FromParts(parts[^3], parts[^2], stem, string.Join('/', parts[^3..]));
        return DateMatch.None;
    }

    private static DateMatch FromParts(string y, string m, string d, string text)
    {
        int year = int.Parse(y, CultureInfo.InvariantCulture), month = int.Parse(m, CultureInfo.InvariantCulture),
            day = int.Parse(d, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return new DateMatch(DateMatchKind.Impossible, default, text);
        return new DateMatch(DateMatchKind.Valid, new DateOnly(year, month, day), text);
    }
}
