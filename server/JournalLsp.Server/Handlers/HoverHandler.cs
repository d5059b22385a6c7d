using System.Text;
using JournalLsp.Indexing;
using JournalLsp.Server.Documents;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>textDocument/hover</c>. Over a date written in the text (<c>2019-11-03</c>, <c>[[2019-11-03]]</c>): the start
/// of that day's entry. Anywhere else in an entry: "Related days", the best matches from other days that are related at
/// all (<see cref="Core.Search.Relatedness"/>), each with a link, the passage of this entry and the passage of that
/// day that match (today: ... / 1666-12-13: ...) and the words they share; no hover when none is.
/// Never throws: a hover that cannot be answered is null.
/// </summary>
internal sealed class HoverHandler(JournalWorkspace workspace)
{
    public async Task<Hover?> HandleAsync(TextDocumentPositionParams p, CancellationToken cancellationToken)
    {
        if (p?.TextDocument?.Uri is not { } uri || p.Position is null || !workspace.Settings.Hovers) return null;
        var document = workspace.EntriesOf(uri);
        var entry = document?.At(p.Position.Line);
        if (document is null || entry is null) return null;

        // On the entry's date heading the hover is about the entry; a date written anywhere else (the first line of a
        // note without a heading too) previews its day.
        var onHeading = p.Position.Line == entry.StartLine && entry.BodyStartLine > entry.StartLine;
        if (!onHeading && WrittenDates.At(document.Text, p.Position, workspace.Engine.Layout) is var (date, range))
            return await DayPreviewAsync(date, range, cancellationToken);

        IReadOnlyList<SearchResult> similar;
        try
        {
            similar = await workspace.SimilarDaysAsync(document, entry, workspace.Settings.HoverResults, cancellationToken);
        }
        catch (JournalException)
        {
            return null; // not indexed (yet): no hover rather than an error popup
        }
        var related = similar.Where(r => r.Related != false).ToList();
        if (related.Count == 0) return null;

        var markdown = workspace.Client.Features.HoverMarkdown;
        var text = new StringBuilder(markdown ? "**Related days**\n\n" : "Related days\n\n");
        foreach (var r in related)
            text.Append(r.Because is { } because ? Evidence(r, because, markdown) : markdown
                ? $"- [{Label(r)}]({Conversions.ToLink(workspace.Folder, r)}) {Snippet.Of(r.Snippet, 110)}\n"
                : $"- {Label(r)}  {r.Path}:{r.StartLine + 1}  {Snippet.Of(r.Snippet, 110)}\n");
        return new Hover(Content(text.ToString(), markdown));
    }

    // A related day with its evidence: the day, then this entry's passage and the day's passage that match, one line
    // each, and the words they share.
    private string Evidence(SearchResult r, PassageEvidence because, bool markdown)
    {
        var day = r.Date?.ToString("yyyy-MM-dd") ?? "there";
        var shared = because.Terms.Count == 0 ? "" : markdown
            ? $"  \n  shared: {string.Join(", ", because.Terms.Select(t => $"*{t}*"))}"
            : $"\n  shared: {string.Join(", ", because.Terms)}";
        return markdown
            ? $"- [{Label(r)}]({Conversions.ToLink(workspace.Folder, r)})  \n  today: {Escape(Snippet.Of(because.Source.Text, EvidenceChars))}  \n  {day}: {Escape(Snippet.Of(because.Related.Text, EvidenceChars))}{shared}\n"
            : $"- {Label(r)}  {r.Path}:{because.Related.StartLine + 1}\n  today: {Snippet.Of(because.Source.Text, EvidenceChars)}\n  {day}: {Snippet.Of(because.Related.Text, EvidenceChars)}{shared}\n";
    }

    // Each side of the evidence in at most this many characters: about a line and a half of a hover.
    private const int EvidenceChars = 140;

    // The diary's own asterisks and underscores would turn into emphasis.
    private static string Escape(string text) => text.Replace("*", "\\*").Replace("_", "\\_");

    private async Task<Hover> DayPreviewAsync(DateOnly date, Protocol.Range range, CancellationToken cancellationToken)
    {
        var day = await workspace.EntryOnAsync(date, cancellationToken);
        var markdown = workspace.Client.Features.HoverMarkdown;
        // While the first run fills the index, "no entry" may only mean "not read yet".
        var missing = workspace.Indexing ? " yet: the journal is still being indexed" : " in the journal";
        var text = (day, markdown) switch
        {
            (null, true) => $"No entry for **{date:yyyy-MM-dd}**{missing}.",
            (null, false) => $"No entry for {date:yyyy-MM-dd}{missing}.",
            (_, true) => $"**[{Label(day)}]({Conversions.ToLink(workspace.Folder, day)})**\n\n{day.Snippet}",
            (_, false) => $"{Label(day)}  {day.Path}:{day.StartLine + 1}\n\n{day.Snippet}",
        };
        return new Hover(Content(text, markdown), range);
    }

    // Markdown where the client renders it; else plain text, which eglot and others show as it is.
    private static MarkupContent Content(string text, bool markdown) => new(markdown ? "markdown" : "plaintext", text);

    // A day the entry already links to says so (it comes last, and the lens does not count it).
    private static string Label(SearchResult r) =>
        (r.Date?.ToString("yyyy-MM-dd ddd") ?? (r.Heading.Length > 0 ? r.Heading : r.Path)) + (r.Linked ? ", linked" : "");
}
