using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace JournalLsp.Core.Journal;

/// <summary>
/// A daily note's name pattern written as a moment.js format (Obsidian's daily notes and Periodic Notes store theirs
/// so: <c>YYYY-MM-DD</c>, <c>YYYY/MMMM/YYYY-MMM-DD</c>, <c>DD-MM-YYYY</c>, <c>dddd, MMMM Do YYYY</c>), read back into the
/// date a path names. The tokens that occur in daily-note formats are read (moment.js docs, "Format"): YYYY, YY, MM, M,
/// MMM, MMMM, DD, D, Do, ddd, dddd, and literal text in square brackets; English month and weekday names, as moment's
/// default locale writes them. A token that names no part of a day (a week, an hour) makes the pattern unreadable:
/// <see cref="TryParse"/> says so rather than guess.
/// </summary>
public sealed class MomentPattern
{
    private static readonly string[] s_months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] s_shortMonths = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames[..12];
    private static readonly string[] s_days = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;
    private static readonly string[] s_shortDays = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedDayNames;

    // Longest first, so "MMMM" is not read as "MM" twice.
    private static readonly string[] s_tokens = ["YYYY", "MMMM", "dddd", "MMM", "ddd", "YY", "MM", "DD", "Do", "M", "D"];

    private readonly Regex _regex;

    private readonly IReadOnlyList<(string? Token, string Literal)> _parts;

    private MomentPattern(string format, Regex regex, bool? dayFirst, IReadOnlyList<(string?, string)> parts)
    {
        Format = format;
        _regex = regex;
        DayFirst = dayFirst;
        _parts = parts;
    }

    /// <summary>
    /// How the pattern orders a numeric date written with the year last: true for <c>DD-MM-YYYY</c>, false for
    /// <c>MM-DD-YYYY</c>; null when it writes none (<c>YYYY-MM-DD</c>, a month in words), so it says nothing of one.
    /// </summary>
    public bool? DayFirst { get; }

    /// <summary>The moment.js format as written in the settings.</summary>
    public string Format { get; }

    /// <summary>
    /// Reads <paramref name="format"/>; null with <paramref name="problem"/> set when it is empty, holds a token that is
    /// not a part of a day (<c>ww</c>, <c>HH</c>, <c>Q</c>), or lacks a year, a month or a day of the month.
    /// </summary>
    public static MomentPattern? TryParse(string format, out string? problem)
    {
        problem = null;
        var regex = new StringBuilder("^");
        bool year = false, month = false, day = false, dayFirst = false, numericMonth = false;
        var parts = new List<(string?, string)>();
        for (var i = 0; i < format.Length;)
        {
            if (format[i] == '[')
            {
                var close = format.IndexOf(']', i + 1);
                if (close < 0) { problem = $"'{format}': '[' without ']'"; return null; }
                regex.Append(Regex.Escape(format[(i + 1)..close]));
                parts.Add((null, format[(i + 1)..close]));
                i = close + 1;
                continue;
            }
            var token = s_tokens.FirstOrDefault(t => string.CompareOrdinal(format, i, t, 0, t.Length) == 0);
            if (token is null)
            {
                if (char.IsAsciiLetter(format[i]))
                {
                    problem = $"'{format}': '{format[i]}' is not a part of a day this reads (YYYY, YY, MM, M, MMM, MMMM, DD, D, Do, ddd, dddd, [text])";
                    return null;
                }
                regex.Append(Regex.Escape(format[i].ToString()));
                parts.Add((null, format[i].ToString()));
                i++;
                continue;
            }
            regex.Append(token switch
            {
                "YYYY" => @"(?<Y>\d{4})",
                "YY" => @"(?<YY>\d{2})",
                "MMMM" => $"(?<MMMM>{string.Join('|', s_months)})",
                "MMM" => $"(?<MMM>{string.Join('|', s_shortMonths)})",
                "MM" => @"(?<M>\d{2})",
                "M" => @"(?<M>\d{1,2})",
                "DD" => @"(?<D>\d{2})",
                "D" => @"(?<D>\d{1,2})",
                "Do" => @"(?<D>\d{1,2})(?:st|nd|rd|th)",
                "dddd" => $"(?<dddd>{string.Join('|', s_days)})",
                _ => $"(?<ddd>{string.Join('|', s_shortDays)})",
            });
            parts.Add((token, ""));
            dayFirst |= token is "DD" or "D" or "Do" && !month;
            numericMonth |= token is "MM" or "M" && !year;
            year |= token is "YYYY" or "YY";
            month |= token is "MMMM" or "MMM" or "MM" or "M";
            day |= token is "DD" or "D" or "Do";
            i += token.Length;
        }
        if (!(year && month && day))
        {
            problem = $"'{format}' does not name a day (it needs a year, a month and a day of the month)";
            return null;
        }
        regex.Append('$');
        return new MomentPattern(format, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            numericMonth ? dayFirst : null, parts);
    }

    /// <summary>
    /// The day <paramref name="name"/> (a path relative to the notes' folder, '/'-separated, without its extension)
    /// names under this pattern: <see cref="DateMatchKind.None"/> when it does not have the pattern's shape,
    /// <see cref="DateMatchKind.Impossible"/> when its parts disagree (two different years, a weekday that is not the
    /// day's) or name no day (2023-02-30). Two-digit years are read as moment.js reads them: 69-99 in the 1900s, 00-68
    /// in the 2000s.
    /// </summary>
    public DateMatch Match(string name)
    {
        var m = _regex.Match(name);
        if (!m.Success) return DateMatch.None;
        var impossible = new DateMatch(DateMatchKind.Impossible, default, name);
        int? One(string group, Func<string, int> read)
        {
            int? value = null;
            foreach (Capture c in m.Groups[group].Captures)
            {
                var v = read(c.Value);
                if (value is { } seen && seen != v) return -1;
                value = v;
            }
            return value;
        }
        static int Number(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        static int IndexIn(string[] names, string s) => Array.FindIndex(names, n => n.Equals(s, StringComparison.OrdinalIgnoreCase));
        var years = new[] { One("Y", Number), One("YY", s => Number(s) is var y && y >= 69 ? 1900 + y : 2000 + y) };
        var months = new[] { One("M", Number), One("MMMM", s => IndexIn(s_months, s) + 1), One("MMM", s => IndexIn(s_shortMonths, s) + 1) };
        var weekdays = new[] { One("dddd", s => IndexIn(s_days, s)), One("ddd", s => IndexIn(s_shortDays, s)) };
        if (Agreed(years) is not { } year || Agreed(months) is not { } month || One("D", Number) is not { } day || day < 0
            || Agreed(weekdays) is var weekday && weekday == -1)
            return impossible;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return impossible;
        var date = new DateOnly(year, month, day);
        if (weekday is { } w && (int)date.DayOfWeek != w) return impossible;
        return new DateMatch(DateMatchKind.Valid, date, name);
    }

    // The one value all the given readings agree on (null when none was read, -1 when two disagree).
    private static int? Agreed(IEnumerable<int?> readings)
    {
        int? agreed = null;
        foreach (var r in readings)
        {
            if (r is not { } v) continue;
            if (v < 0 || (agreed is { } a && a != v)) return -1;
            agreed = v;
        }
        return agreed;
    }

    /// <summary>The name this pattern gives <paramref name="day"/> (what moment's <c>format</c> writes): the path of a new daily note.</summary>
    public string Name(DateOnly day)
    {
        var text = new StringBuilder();
        foreach (var (token, literal) in _parts)
            text.Append(token switch
            {
                null => literal,
                "YYYY" => day.Year.ToString("0000", CultureInfo.InvariantCulture),
                "YY" => (day.Year % 100).ToString("00", CultureInfo.InvariantCulture),
                "MMMM" => s_months[day.Month - 1],
                "MMM" => s_shortMonths[day.Month - 1],
                "MM" => day.Month.ToString("00", CultureInfo.InvariantCulture),
                "M" => day.Month.ToString(CultureInfo.InvariantCulture),
                "DD" => day.Day.ToString("00", CultureInfo.InvariantCulture),
                "D" => day.Day.ToString(CultureInfo.InvariantCulture),
                "Do" => day.Day + (day.Day is 11 or 12 or 13 ? "th" : (day.Day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" }),
                "dddd" => s_days[(int)day.DayOfWeek],
                _ => s_shortDays[(int)day.DayOfWeek],
            });
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format;
}
