using System.Text.RegularExpressions;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Documents;

/// <summary>Dates written in an entry's text (<c>2019-11-03</c>, <c>[[2019-11-03]]</c>): what hover previews and go-to-definition opens.</summary>
internal static partial class WrittenDates
{
    [GeneratedRegex(@"\[\[(\d{4}-\d{2}-\d{2})\]\]|\b(\d{4}-\d{2}-\d{2})\b")]
    private static partial Regex WrittenDate();

    /// <summary>The valid date written under <paramref name="position"/>, with its range, or null.</summary>
    public static (DateOnly Date, Protocol.Range Range)? At(string text, Position position)
    {
        var line = TextDocuments.LineAt(text, position.Line);
        if (line is null) return null;
        foreach (Match m in WrittenDate().Matches(line))
        {
            if (position.Character < m.Index || position.Character > m.Index + m.Length) continue;
            var value = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", out var date)) return null;
            return (date, new Protocol.Range(new Position(position.Line, m.Index), new Position(position.Line, m.Index + m.Length)));
        }
        return null;
    }
}
