using System.Globalization;
using System.Text.RegularExpressions;

namespace JournalLsp.Core.Search;

/// <summary>A question with its date phrase taken out.</summary>
/// <param name="Text">What remains to embed ("a day I felt alive"); may be empty.</param>
/// <param name="Range">The days the phrase allows, or null when the question names none.</param>
/// <param name="Phrase">The phrase that was recognised ("in November 2019"), or null.</param>
public sealed record ParsedQuestion(string Text, DateRange? Range, string? Phrase);

/// <summary>
/// Finds one date phrase in a plain-words question and turns it into a <see cref="DateRange"/>: "in 2019",
/// "in November 2019", "between 2018 and 2020", "from 2018 to 2020", "before 2017", "after 2017",
/// "since March 2021", "last year", "this year", "last month", "this month", "last week", "this week",
/// "N years ago", "yesterday", "in the 1660s", "in the summer of 1665", "last summer", "this spring". Relative phrases
/// count from <c>today</c>. Seasons are the meteorological ones of the northern hemisphere (spring March-May, summer
/// June-August, autumn or fall September-November, winter December-February, named by the year of its December).
/// The phrase is removed so it does not sway the embedding.
/// </summary>
public static partial class DatePhraseParser
{
    private const string Month =
        "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    [GeneratedRegex(@"\b(?:between|from)\s+" + "(?:(?<m1>" + Month + @")\s+)?(?<y1>\d{4})\s+(?:and|to|until|till|-)\s+(?:(?<m2>" + Month + @")\s+)?(?<y2>\d{4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Between();

    [GeneratedRegex(@"\b(?<op>in|during|since|after|before|from|until)\s+(?:the\s+year\s+)?(?:(?<m1>" + Month + @")\s+(?:of\s+)?)?(?<y1>\d{4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Single();

    [GeneratedRegex(@"\b(?<which>last|this|past)\s+(?<unit>year|month|week)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+ago\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YearsAgo();

    private const string Operator = @"(?:(?<op>in|during|since|after|before|from|until)\s+)";

    [GeneratedRegex(@"\b" + Operator + @"?the\s+(?<decade>\d{3}0)'?s\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Decade();

    private const string Season = "(?<season>spring|summer|autumn|fall|winter)";

    // With an operator only: "a fall of 2000 feet" is no autumn.
    [GeneratedRegex(@"\b" + Operator + @"(?:the\s+)?" + Season + @"\s+(?:of\s+)?(?<y>\d{4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeasonOfYear();

    [GeneratedRegex(@"\b(?<which>last|this|past)\s+" + Season + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeSeason();

    [GeneratedRegex(@"\b(?<before>the\s+day\s+before\s+)?yesterday\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Yesterday();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    /// <summary>Finds the first date phrase in <paramref name="question"/>.</summary>
    /// <param name="question">The question as the person typed it.</param>
    /// <param name="today">The day relative phrases count from.</param>
    public static ParsedQuestion Parse(string question, DateOnly today)
    {
        try
        {
            return Find(question, today);
        }
        catch (ArgumentOutOfRangeException)
        {
            return new ParsedQuestion(question.Trim(), null, null); // "in 0000", "the winter of 9999": no day of DateOnly
        }
    }

    private static ParsedQuestion Find(string question, DateOnly today)
    {
        var m = Decade().Match(question);
        if (m.Success)
        {
            var first = int.Parse(m.Groups["decade"].Value, CultureInfo.InvariantCulture);
            return Cut(question, m, Apply(m, new DateOnly(first, 1, 1), new DateOnly(first + 9, 12, 31)));
        }

        m = SeasonOfYear().Match(question);
        if (m.Success)
        {
            var season = SeasonRange(m.Groups["season"].Value, int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture));
            return Cut(question, m, Apply(m, season.From!.Value, season.To!.Value));
        }

        m = RelativeSeason().Match(question);
        if (m.Success)
        {
            var season = m.Groups["season"].Value;
            // "this winter" in January is the one that began in December; "last summer" is the latest one that has ended.
            var current = SeasonRange(season, IsWinter(season) && today.Month <= 2 ? today.Year - 1 : today.Year);
            var last = m.Groups["which"].Value.ToLowerInvariant() is "last" or "past";
            if (last && current.To >= today) current = SeasonRange(season, current.From!.Value.Year - 1);
            return Cut(question, m, current);
        }

        m = Yesterday().Match(question);
        if (m.Success)
        {
            var day = today.AddDays(m.Groups["before"].Success ? -2 : -1);
            return Cut(question, m, new DateRange(day, day));
        }

        m = Between().Match(question);
        if (m.Success)
        {
            var (from, _) = PeriodOf(m.Groups["m1"].Value, m.Groups["y1"].Value);
            var (_, to) = PeriodOf(m.Groups["m2"].Value, m.Groups["y2"].Value);
            return Cut(question, m, new DateRange(from, to));
        }

        m = Single().Match(question);
        if (m.Success)
        {
            var (start, end) = PeriodOf(m.Groups["m1"].Value, m.Groups["y1"].Value);
            return Cut(question, m, Apply(m, start, end));
        }

        m = Relative().Match(question);
        if (m.Success)
        {
            var last = m.Groups["which"].Value.ToLowerInvariant() is "last" or "past";
            DateRange range = m.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "year" => last ? Year(today.Year - 1) : Year(today.Year),
                "month" => last ? MonthOf(today.AddMonths(-1)) : MonthOf(today),
                _ => last ? WeekOf(today.AddDays(-7)) : WeekOf(today),
            };
            return Cut(question, m, range);
        }

        m = YearsAgo().Match(question);
        if (m.Success)
        {
            var n = m.Groups["n"].Value.ToLowerInvariant() switch
            {
                "a" or "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6,
                "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10,
                var digits => int.Parse(digits, CultureInfo.InvariantCulture),
            };
            return Cut(question, m, Year(today.Year - n));
        }

        return new ParsedQuestion(question.Trim(), null, null);
    }

    // The days an operator ("since", "before", ...; none is "in") leaves of the period from start to end.
    private static DateRange Apply(Match m, DateOnly start, DateOnly end) => m.Groups["op"].Value.ToLowerInvariant() switch
    {
        "since" or "from" => new DateRange(start, null),
        "after" => new DateRange(end.AddDays(1), null),
        "before" => new DateRange(null, start.AddDays(-1)),
        "until" => new DateRange(null, end),
        _ => new DateRange(start, end),
    };

    private static ParsedQuestion Cut(string question, Match m, DateRange range)
    {
        var rest = question.Remove(m.Index, m.Length);
        rest = Spaces().Replace(rest, " ").Trim().Trim(',', ';', ':').Trim();
        return new ParsedQuestion(rest, range, m.Value);
    }

    private static (DateOnly Start, DateOnly End) PeriodOf(string month, string year)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(month)) return (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
        var mo = MonthNumber(month);
        return (new DateOnly(y, mo, 1), new DateOnly(y, mo, DateTime.DaysInMonth(y, mo)));
    }

    private static int MonthNumber(string name) => name[..3].ToLowerInvariant() switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };

    private static bool IsWinter(string season) => season.Equals("winter", StringComparison.OrdinalIgnoreCase);

    // The season of year y; winter runs from December of y to the end of February of y + 1.
    private static DateRange SeasonRange(string season, int y) => season.ToLowerInvariant() switch
    {
        "spring" => new(new DateOnly(y, 3, 1), new DateOnly(y, 5, 31)),
        "summer" => new(new DateOnly(y, 6, 1), new DateOnly(y, 8, 31)),
        "autumn" or "fall" => new(new DateOnly(y, 9, 1), new DateOnly(y, 11, 30)),
        _ => new(new DateOnly(y, 12, 1), new DateOnly(y + 1, 2, DateTime.DaysInMonth(y + 1, 2))),
    };

    private static DateRange Year(int y) => new(new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));

    private static DateRange MonthOf(DateOnly d) =>
        new(new DateOnly(d.Year, d.Month, 1), new DateOnly(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month)));

    // Weeks start on Monday (ISO 8601).
    private static DateRange WeekOf(DateOnly d)
    {
        var monday = d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        return new DateRange(monday, monday.AddDays(6));
    }
}
