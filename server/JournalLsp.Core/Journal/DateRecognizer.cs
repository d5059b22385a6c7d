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
    /// <summary>A numeric date that reads as two days (03-04-2024: 3 April or March 4): never guessed, reported.</summary>
    Ambiguous,
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
/// <c>Nov 3, 2019</c>), in paths (<c>2019-11-03.md</c>, <c>2019/11/03.md</c>, <c>20191103.md</c>, Dendron's
/// <c>daily.journal.2019.11.03.md</c>, a vault's own daily-note pattern) and in front matter (ISO dates and date-times,
/// epoch milliseconds). Never looks at file times; never guesses between day-first and month-first.
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

    /// <summary>
    /// Recognises a heading that is a date: ISO at its start; a numeric date with the year last (<c>15-01-2024</c>,
    /// org-journal's <c>Monday, 15-01-2024</c>), read day or month first only where that is the one reading (a part
    /// above 12) or <paramref name="dayFirst"/> says which, else <see cref="DateMatchKind.Ambiguous"/>; or a whole
    /// natural-language date.
    /// </summary>
    /// <param name="heading">Heading text without the leading #'s.</param>
    /// <param name="dayFirst">How the journal writes numeric dates (<see cref="JournalLayout.DayFirst"/>); null when it does not say.</param>
    public static DateMatch FromHeading(string heading, bool? dayFirst = null)
    {
        var text = heading.Trim();
        var iso = IsoAtStart().Match(text);
        if (iso.Success)
            return FromParts(iso.Groups["y"].Value, iso.Groups["m"].Value, iso.Groups["d"].Value, iso.Value.Trim());
        var numeric = YearLast().Match(text);
        if (numeric.Success) return FromYearLast(numeric, dayFirst);
        return FromNatural(text);
    }

    // A numeric date with the year last at the start of a heading or name, after an optional weekday (checked):
    // "15-01-2024", "Monday, 15-01-2024", "01/15/2024 notes".
    [GeneratedRegex(@"^(?:(?<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?<a>\d{1,2})(?<sep>[-/.])(?<b>\d{1,2})\k<sep>(?<y>\d{4})(?:$|[\s:,\-–—|]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex YearLast();

    /// <summary>
    /// The order the numeric dates among <paramref name="texts"/> (headings, names) show: true when some read only day
    /// first (a day above 12 before the month) and none only month first, false for the reverse, null when they show
    /// neither or both. What a file's own unambiguous dates say is evidence, not a guess.
    /// </summary>
    public static bool? DayFirstIn(IEnumerable<string> texts)
    {
        var (dayFirst, monthFirst) = (false, false);
        foreach (var text in texts)
        {
            if (YearLast().Match(text.Trim()) is not { Success: true } m) continue;
            int a = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture), b = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
            dayFirst |= a > 12 && b <= 12;
            monthFirst |= b > 12 && a <= 12;
        }
        return dayFirst == monthFirst ? null : dayFirst;
    }

    private static DateMatch FromYearLast(Match numeric, bool? dayFirst)
    {
        var (a, b, y, text) = (numeric.Groups["a"].Value, numeric.Groups["b"].Value, numeric.Groups["y"].Value, numeric.Value.Trim());
        int first = int.Parse(a, CultureInfo.InvariantCulture), second = int.Parse(b, CultureInfo.InvariantCulture);
        var read = first > 12 || (first != second && second <= 12 && dayFirst == true) ? FromParts(y, b, a, text)
            : second > 12 || first == second || dayFirst == false ? FromParts(y, a, b, text)
            : new DateMatch(DateMatchKind.Ambiguous, default, text);
        // "Tuesday, 15-01-2024" names no day: 15 January 2024 was a Monday.
        if (read.Kind == DateMatchKind.Valid && numeric.Groups["weekday"].Success
            && !read.Date.DayOfWeek.ToString().StartsWith(numeric.Groups["weekday"].Value, StringComparison.OrdinalIgnoreCase))
            return new DateMatch(DateMatchKind.Impossible, default, text);
        return read;
    }

    /// <summary>
    /// Recognises a front matter value: an ISO date; an ISO date-time (<c>2024-01-15T09:30:00+01:00</c>, Joplin's
    /// <c>2024-01-15 09:30Z</c>), dated as its writer's clock read it: the date as written when the time carries an
    /// offset or none, the date in <paramref name="zone"/> when it is UTC (<c>Z</c>); epoch milliseconds (Dendron's
    /// <c>created: 1705312200000</c>), dated in <paramref name="zone"/>; else a date in words or at the start
    /// (<see cref="FromHeading"/>).
    /// </summary>
    /// <param name="text">The value.</param>
    /// <param name="zone">Where an instant is dated (the journal's <see cref="JournalLayout.Zone"/>); UTC when null.</param>
    public static DateMatch FromText(string text, TimeZoneInfo? zone = null)
    {
        var trimmed = text.Trim().Trim('"', '\'');
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return new DateMatch(DateMatchKind.Valid, d, trimmed);
        if (IsoDateTime().Match(trimmed) is { Success: true } iso)
        {
            var written = FromParts(iso.Groups["y"].Value, iso.Groups["m"].Value, iso.Groups["d"].Value, trimmed);
            if (written.Kind != DateMatchKind.Valid || iso.Groups["z"].Value is not ("Z" or "z")) return written;
            // UTC: the writer's own date is the one their zone gave that instant.
            var utc = written.Date.ToDateTime(new TimeOnly(int.Parse(iso.Groups["h"].Value, CultureInfo.InvariantCulture),
                int.Parse(iso.Groups["min"].Value, CultureInfo.InvariantCulture)), DateTimeKind.Utc);
            return new DateMatch(DateMatchKind.Valid, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone ?? TimeZoneInfo.Utc)), trimmed);
        }
        if (EpochMilliseconds().IsMatch(trimmed))
        {
            var instant = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(trimmed, CultureInfo.InvariantCulture));
            return new DateMatch(DateMatchKind.Valid, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone ?? TimeZoneInfo.Utc).DateTime), trimmed);
        }
        return FromHeading(trimmed);
    }

    // An ISO 8601 date-time: 'T' or a space, hh:mm (00:00-23:59), optional seconds and fraction, optional Z or ±hh[:]mm.
    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})[T ](?<h>[01]\d|2[0-3]):(?<min>[0-5]\d)(?::[0-5]\d(?:[.,]\d+)?)?\s*(?<z>[Zz]|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    // Milliseconds since 1970 as Dendron writes them: 13 digits (September 2001 to November 2286); 12 digits are more
    // often a yyyyMMddHHmm stamp (202401151230) than a time in the 1970s.
    [GeneratedRegex(@"^\d{13}$", RegexOptions.CultureInvariant)]
    private static partial Regex EpochMilliseconds();

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
    /// <param name="layout">The journal's daily-note patterns, tried first, and its order of numeric dates; none when null.</param>
    public static DateMatch FromPath(string relativePath, JournalLayout? layout = null)
    {
        if (layout?.DateOfPath(relativePath) is { Kind: not DateMatchKind.None } daily) return daily;
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return DateMatch.None;
        var stem = Path.GetFileNameWithoutExtension(parts[^1]);
        var m = FileNameDate().Match(stem);
        if (m.Success)
            return FromParts(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value, stem);
        if (parts.Length >= 3 && OneOrTwoDigits().IsMatch(stem) && OneOrTwoDigits().IsMatch(parts[^2])
            && FourDigits().IsMatch(parts[^3]))
            return FromParts(parts[^3], parts[^2], stem, string.Join('/', parts[^3..]));
        if (DottedDate().Match(stem) is { Success: true } dotted)
            return FromParts(dotted.Groups["y"].Value, dotted.Groups["m"].Value, dotted.Groups["d"].Value, stem);
        if (YearLast().Match(stem) is { Success: true } numeric) return FromYearLast(numeric, layout?.DayFirst);
        return FromNatural(stem);
    }

    // Dendron's daily journal: a dotted hierarchy ending in the date, "daily.journal.2024.01.15".
    [GeneratedRegex(@"\.(?<y>\d{4})\.(?<m>\d{2})\.(?<d>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedDate();

    private static DateMatch FromParts(string y, string m, string d, string text)
    {
        int year = int.Parse(y, CultureInfo.InvariantCulture), month = int.Parse(m, CultureInfo.InvariantCulture),
            day = int.Parse(d, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return new DateMatch(DateMatchKind.Impossible, default, text);
        return new DateMatch(DateMatchKind.Valid, new DateOnly(year, month, day), text);
    }
}
