using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>textDocument/codeAction</c>: "Find similar days" and "On this day" for the entry under the cursor, as the
/// commands the code lenses run, for editors whose menus reach code actions but not lenses (eglot); "Related days to
/// the selection" when text is selected.
/// </summary>
internal sealed class CodeActionHandler(JournalWorkspace workspace)
{
    /// <summary>The kind of our actions: under LSP's <c>source</c>, so VS Code shows them in Source Action, never as a lightbulb on every line.</summary>
    public const string Kind = "source.journal";

    /// <summary>The title of the action for a selection: the days related to the passages it touches rather than to the whole entry.</summary>
    public const string SelectionTitle = "Related days to the selection";

    /// <summary>The actions for the entry holding the range's start, and for a non-empty range its own; none outside an entry.</summary>
    public CodeAction[] Handle(CodeActionParams p)
    {
        if (p?.TextDocument?.Uri is not { } uri || p.Range?.Start is not { } start || !Wanted(p.Context)) return [];
        if (workspace.EntriesOf(uri) is not { } document || document.At(start.Line) is not { } entry) return [];
        var actions = new List<CodeAction>
        {
            new("Find similar days", Kind, new Command("Find similar days", JournalMethods.FindSimilarDaysCommand,
                [LspJson.ToElement(uri), LspJson.ToElement(new Position(entry.StartLine, 0))])),
        };
        if (Conversions.Selection(p.Range) is not null)
            actions.Insert(0, new(SelectionTitle, Kind, new Command(SelectionTitle, JournalMethods.FindSimilarDaysCommand,
                [LspJson.ToElement(uri), LspJson.ToElement(start), LspJson.ToElement(p.Range)])));
        if (entry.Date is { } date)
            actions.Add(new($"On this day ({date:MM-dd}) in earlier years", Kind,
                new Command("On this day", JournalMethods.OnThisDayCommand, [LspJson.ToElement(date.ToString("yyyy-MM-dd"))])));
        return [.. actions];
    }

    // A client asking only for some kinds (context.only: "quickfix" for a lightbulb, say) gets ours only when one of
    // those kinds is ours or above it ("source", "source.journal").
    private static bool Wanted(System.Text.Json.JsonElement? context) =>
        context is not { ValueKind: System.Text.Json.JsonValueKind.Object } c
        || !c.TryGetProperty("only", out var only) || only.ValueKind != System.Text.Json.JsonValueKind.Array
        || only.EnumerateArray().Any(k => k.GetString() is { } kind && (Kind == kind || Kind.StartsWith(kind + ".", StringComparison.Ordinal)));
}
