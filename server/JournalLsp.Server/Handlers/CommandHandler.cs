using System.Text.Json;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>workspace/executeCommand</c>: <c>journal.ask</c> (question, from?, to?), <c>journal.findSimilarDays</c>
/// (uri, position?), <c>journal.onThisDay</c> (date?, default today), <c>journal.reindex</c> and
/// <c>journal.deleteIndex</c>.
/// </summary>
internal sealed class CommandHandler(JournalWorkspace workspace, SearchHandler search, SimilarHandler similar)
{
    /// <summary>The commands advertised in <c>executeCommandProvider</c>.</summary>
    public static readonly string[] Commands =
        [
            JournalMethods.AskCommand, JournalMethods.FindSimilarDaysCommand, JournalMethods.OnThisDayCommand, JournalMethods.ReindexCommand,
            JournalMethods.DeleteIndexCommand,
        ];

    public async Task<object?> HandleAsync(ExecuteCommandParams p, CancellationToken cancellationToken)
    {
        var args = p?.Arguments ?? [];
        switch (p?.Command)
        {
            case JournalMethods.AskCommand:
                return await search.HandleAsync(new SearchParams(String(args, 0, "question") ?? "", String(args, 1, "from"), String(args, 2, "to")), cancellationToken);
            case JournalMethods.FindSimilarDaysCommand:
                var uri = String(args, 0, "uri") ?? throw Conversions.InvalidParams("journal.findSimilarDays needs (uri, position)");
                return await similar.HandleAsync(new SimilarParams(new TextDocumentIdentifier(uri), Arg<Position>(args, 1, "position")), cancellationToken);
            case JournalMethods.OnThisDayCommand:
                var date = Conversions.Day(String(args, 0, "date"), "date") ?? DateOnly.FromDateTime(DateTime.Now);
                var top = workspace.Settings.Results;
                return await workspace.QueryAsync(e => Conversions.ToProto(e.JournalFolder, e.OnThisDay(date, top)), cancellationToken);
            case JournalMethods.ReindexCommand:
                workspace.Resume();
                var s = await workspace.IndexAsync(rebuild: true, cancellationToken);
                return new ReindexResult(s.Files, s.Entries, s.Chunks, s.Embedded, s.Reused, s.ChangedFiles, s.RemovedFiles, Math.Round(s.Seconds, 3));
            case JournalMethods.DeleteIndexCommand:
                var deleted = await workspace.DeleteIndexAsync(cancellationToken);
                return new DeleteIndexResult(workspace.Engine.IndexPath, [.. deleted]);
            default:
                throw Conversions.InvalidParams($"unknown command: {p?.Command}; this server runs {string.Join(", ", Commands)}");
        }
    }

    private static string? String(JsonElement[] args, int index, string name) =>
        index >= args.Length || args[index].ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null
        : args[index].ValueKind == JsonValueKind.String ? args[index].GetString()
        : throw Conversions.InvalidParams($"argument {index + 1} ({name}) must be a string");

    private static T? Arg<T>(JsonElement[] args, int index, string name) where T : class
    {
        if (index >= args.Length || args[index].ValueKind == JsonValueKind.Null) return null;
        try { return args[index].Deserialize<T>(LspJson.Options); }
        catch (JsonException) { throw Conversions.InvalidParams($"argument {index + 1} ({name}) is not a {typeof(T).Name}"); }
    }
}
