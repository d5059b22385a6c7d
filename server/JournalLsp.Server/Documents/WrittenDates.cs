using System.Text.RegularExpressions;
using JournalLsp.Core.Journal;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Documents;

/// <summary>
/// Dates written in an entry's text: what hover previews and go-to-definition opens. An ISO date (<c>2019-11-03</c>),
/// or a wiki link whose target is a day: <c>[[2019-11-03]]</c>, Logseq's and Roam's <c>[[Nov 3rd, 2019]]</c>, a vault's
/// own daily-note name (<c>[[2019-Nov-03]]</c> under <c>YYYY-MMM-DD</c>), with or without an alias after <c>|</c>.
/// </summary>
internal static partial class WrittenDates
{
    [GeneratedRegex(@"\[\[(?<link>[^\[\]|]{1,60})(?:\|[^\]]*)?\]\]|\b(?<iso>\d{4}-\d{2}-\d{2})\b")]
    private static partial Regex WrittenDate();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoInside();

    /// <summary>The valid date written under <paramref name="position"/>, with its range, or null.</summary>
    /// <param name="text">The document's text.</param>
    /// <param name="position">Where the cursor is.</param>
    /// <param name="layout">The journal's daily-note patterns, which name the days its links point to; none when null.</param>
    public static (DateOnly Date, Protocol.Range Range)? At(string text, Position position, JournalLayout? layout = null)
    {
        var line = TextDocuments.LineAt(text, position.Line);
        if (line is null) return null;
        foreach (Match m in WrittenDate().Matches(line))
        {
            if (position.Character < m.Index || position.Character > m.Index + m.Length) continue;
            if (DateOf(m, layout) is not { } date) return null;
            return (date, new Protocol.Range(new Position(position.Line, m.Index), new Position(position.Line, m.Index + m.Length)));
        }
        return null;
    }

    private static DateOnly? DateOf(Match m, JournalLayout? layout)
    {
        if (m.Groups["iso"].Success)
            return DateOnly.TryParseExact(m.Groups["iso"].Value, "yyyy-MM-dd", out var iso) ? iso : null;
        // The page a link names, without a heading or block after it: [[2019-11-03#Morning]], [[2019-11-03^a1b2]].
        var link = m.Groups["link"].Value.Split('#', '^')[0].Trim();
        // A link names a page: the vault's daily-note pattern reads it first, then the forms a heading may take.
        if (layout?.DailyNotes.Select(d => d.Pattern.Match(link)).FirstOrDefault(d => d.Kind != DateMatchKind.None) is { Kind: DateMatchKind.Valid } daily)
            return daily.Date;
        var written = DateRecognizer.FromHeading(link, layout?.DayFirst);
        if (written.Kind == DateMatchKind.Valid && written.Text.Length >= link.Length - 1) return written.Date;
        // A page named with a date in it ([[Trip 2019-11-03]]): the date, as when it stood alone.
        return IsoInside().Match(link) is { Success: true } inside && DateOnly.TryParseExact(inside.Value, "yyyy-MM-dd", out var day) ? day : null;
    }
}
