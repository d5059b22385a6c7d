using System.Globalization;
using JournalLsp.Core.Text;
using JournalLsp.Indexing;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>Between LSP's URIs and ranges and the engine's journal-relative paths and 0-based lines.</summary>
internal static class Conversions
{
    /// <summary>The local path of a <c>file:</c> URI, or null for any other URI.</summary>
    public static string? ToPath(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile ? u.LocalPath : null;

    public static string ToUri(string folder, string relativePath) => new Uri(Path.Combine(folder, relativePath)).AbsoluteUri;

    /// <summary>A link that opens the result's passage: the file URI with <c>#L</c> and the 1-based line.</summary>
    public static string ToLink(string folder, SearchResult r) => $"{ToUri(folder, r.Path)}#L{r.StartLine + 1}";

    public static JournalResult ToProto(string folder, SearchResult r) => new(
        r.Date?.ToString("yyyy-MM-dd"), ToUri(folder, r.Path),
        new Protocol.Range(new Position(r.StartLine, 0), new Position(r.EndLine + 1, 0)), r.Score, r.Snippet, r.Heading,
        r.LastSeen?.ToString("O"), r.Related, ToProto(folder, r.Because), r.Linked ? true : null);

    private static SimilarEvidence? ToProto(string folder, PassageEvidence? because) =>
        because is null ? null : new SimilarEvidence(ToProto(folder, because.Source), ToProto(folder, because.Related), [.. because.Terms]);

    private static EvidencePassage ToProto(string folder, Passage p) =>
        new(ToUri(folder, p.Path), new Protocol.Range(new Position(p.StartLine, p.StartCharacter), new Position(p.EndLine, p.EndCharacter)), p.Text);

    public static JournalResult[] ToProto(string folder, IEnumerable<SearchResult> results) =>
        results.Select(r => ToProto(folder, r)).ToArray();

    /// <summary>Bins by <c>month</c> (null or empty too) or <c>week</c>, as journal/timeline and journal/themes take them.</summary>
    /// <exception cref="InvalidParamsException">For anything else.</exception>
    public static Core.Search.TimelineBy By(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "month" => Core.Search.TimelineBy.Month,
        "week" => Core.Search.TimelineBy.Week,
        var other => throw new InvalidParamsException($"by must be \"month\" or \"week\", not \"{other}\""),
    };

    /// <summary>A period's two days, YYYY-MM-DD, each optional.</summary>
    /// <exception cref="InvalidParamsException">For a bad date, or <c>to</c> before <c>from</c>.</exception>
    public static (DateOnly? From, DateOnly? To) Period(string? from, string? to)
    {
        var (start, end) = (Day(from, "from"), Day(to, "to"));
        if (start is { } s && end is { } e && e < s) throw new InvalidParamsException($"to ({e:yyyy-MM-dd}) is before from ({s:yyyy-MM-dd})");
        return (start, end);
    }

    /// <summary>A YYYY-MM-DD parameter, or null; anything else is refused with InvalidParams.</summary>
    /// <exception cref="InvalidParamsException">When the value is not a valid day.</exception>
    public static DateOnly? Day(string? value, string name) =>
        value is null ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new InvalidParamsException($"{name} must be YYYY-MM-DD, got '{value}'");

    /// <summary>A selection as the engine takes it, in document order; null for no range or an empty one (a cursor asks about its whole entry).</summary>
    /// <exception cref="InvalidParamsException">When the range lacks its start or end.</exception>
    public static TextSpan? Selection(Protocol.Range? range) => range switch
    {
        null => null,
        { Start: { } start, End: { } end } => start == end ? null : new TextSpan(start.Line, start.Character, end.Line, end.Character).Ordered(),
        _ => throw new InvalidParamsException("a range needs start and end"),
    };
}
