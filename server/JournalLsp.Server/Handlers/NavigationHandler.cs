using JournalLsp.Indexing;
using JournalLsp.Server.Documents;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// The journal through standard LSP navigation, so an editor with no plugin of ours reaches it (eglot has no code
/// lenses, and its menus reach only what LSP names): <c>textDocument/definition</c> on a written date opens that day's
/// entry, <c>textDocument/references</c> in an entry lists its related days, and <c>workspace/symbol</c> asks the
/// journal the typed words. Never throws for content: what cannot be answered is empty.
/// </summary>
internal sealed class NavigationHandler(JournalWorkspace workspace)
{
    // Shorter queries are a symbol search being typed (Helix and VS Code ask on each keystroke): three letters make a word.
    private const int MinQueryChars = 3;

    // SymbolKind.Event: a day is something that happened.
    private const int DayKind = 24;

    /// <summary>The entry of the date written under the position, or null.</summary>
    public async Task<Location[]?> DefinitionAsync(TextDocumentPositionParams p, CancellationToken cancellationToken)
    {
        if (p?.TextDocument?.Uri is not { } uri || p.Position is null || workspace.EntriesOf(uri) is not { } document) return null;
        if (WrittenDates.At(document.Text, p.Position, workspace.Engine.Layout) is not var (date, _)) return null;
        return await workspace.EntryOnAsync(date, cancellationToken) is { } day
            ? [new Location(Conversions.ToUri(workspace.Folder, day.Path), new Protocol.Range(new Position(day.EntryStartLine, 0), new Position(day.EntryStartLine, 0)))]
            : null;
    }

    /// <summary>The related days of the entry holding the position (their matched passages), or none.</summary>
    public async Task<Location[]> ReferencesAsync(ReferenceParams p, CancellationToken cancellationToken)
    {
        if (p?.TextDocument?.Uri is not { } uri || p.Position is null) return [];
        if (workspace.EntriesOf(uri) is not { } document || document.At(p.Position.Line) is not { } entry) return [];
        try
        {
            var similar = await workspace.SimilarDaysAsync(document, entry, workspace.Settings.Results, cancellationToken);
            return [.. similar.Where(r => r.Related != false).Select(r => ToLocation(Conversions.ToProto(workspace.Folder, r)))];
        }
        catch (JournalException)
        {
            return []; // not indexed (yet)
        }
    }

    /// <summary>The journal asked <c>query</c>: dated entries, best first, each named by its day and passage.</summary>
    public async Task<SymbolInformation[]> WorkspaceSymbolAsync(WorkspaceSymbolParams p, CancellationToken cancellationToken)
    {
        var query = p?.Query?.Trim() ?? "";
        if (query.Length < MinQueryChars || query.Length > QuestionRules.MaxChars) return [];
        var results = await workspace.AskAsync(query, null, null, null, cancellationToken);
        return [.. results.Select(r => Conversions.ToProto(workspace.Folder, r)).Select(r => new SymbolInformation(
            $"{r.Date ?? r.Heading} {Snippet.Of(r.Snippet, 80)}", DayKind, ToLocation(r), r.Heading))];
    }

    private static Location ToLocation(JournalResult r) => new(r.Uri, r.Range);
}
