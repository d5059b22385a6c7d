using System.Text;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary><c>textDocument/hover</c>: "Related days" for the entry under the cursor.</summary>
internal sealed class HoverHandler(JournalWorkspace workspace)
{
    private const int RelatedDays = 5;

    public async Task<Hover?> HandleAsync(TextDocumentPositionParams p, CancellationToken cancellationToken)
    {
        var path = Conversions.ToPath(p.TextDocument.Uri);
        if (path is null || !path.StartsWith(workspace.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        IReadOnlyList<SearchResult> related;
        try
        {
            related = await workspace.RunAsync(e => e.Similar(new SimilarQuery(Path: path, Line: p.Position.Line, Top: RelatedDays)), cancellationToken);
        }
        catch (JournalException)
        {
            return null; // not indexed (yet): no hover rather than an error popup
        }
        if (related.Count == 0) return null;

        var md = new StringBuilder("**Related days**\n\n");
        foreach (var r in related)
        {
            var link = $"{Conversions.ToUri(workspace.Folder, r.Path)}#L{r.StartLine + 1}";
            md.Append($"- [{r.Date?.ToString("yyyy-MM-dd") ?? r.Heading}]({link}): {Snippet.Of(r.Snippet, 100)}\n");
        }
        return new Hover(new MarkupContent("markdown", md.ToString()));
    }
}
