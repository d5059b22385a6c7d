using JournalLsp.Indexing;
using System.Text.Json;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>workspace/executeCommand</c>: <c>journal.ask</c> (question, from?, to?), <c>journal.findSimilarDays</c>
/// (uri, position?, range?: a selection's passages instead of the whole entry), <c>journal.onThisDay</c> (date?, default today), <c>journal.reindex</c> and
/// <c>journal.deleteIndex</c> and <c>journal.import</c> (source, kind?, layout?).
/// </summary>
internal sealed class CommandHandler(JournalWorkspace workspace)
{
    /// <summary>The commands advertised in <c>executeCommandProvider</c>.</summary>
    public static readonly string[] Commands =
        [
            JournalMethods.AskCommand, JournalMethods.FindSimilarDaysCommand, JournalMethods.OnThisDayCommand, JournalMethods.ReindexCommand,
            JournalMethods.DeleteIndexCommand, JournalMethods.ImportCommand,
        ];

    public async Task<object?> HandleAsync(ExecuteCommandParams p, CancellationToken cancellationToken)
    {
        var args = p?.Arguments ?? [];
        switch (p?.Command)
        {
            case JournalMethods.AskCommand:
                var asked = await workspace.AskAsync(String(args, 0, "question"), Conversions.Day(String(args, 1, "from"), "from"),
                    Conversions.Day(String(args, 2, "to"), "to"), null, cancellationToken);
                return Conversions.ToProto(workspace.Folder, asked);
            case JournalMethods.FindSimilarDaysCommand:
                var uri = String(args, 0, "uri") ?? throw new InvalidParamsException("journal.findSimilarDays needs (uri, position[, range])");
                var selection = Conversions.Selection(Arg<Protocol.Range>(args, 2, "range"));
                return Conversions.ToProto(workspace.Folder, await workspace.SimilarDaysAtAsync(uri, Arg<Position>(args, 1, "position")?.Line, selection,
                    workspace.Settings.Results, cancellationToken));
            case JournalMethods.OnThisDayCommand:
                var date = Conversions.Day(String(args, 0, "date"), "date") ?? DateOnly.FromDateTime(DateTime.Now);
                var top = workspace.Settings.Results;
                return Conversions.ToProto(workspace.Folder, await workspace.OnThisDayAsync(date, top, cancellationToken));
            case JournalMethods.ReindexCommand:
                workspace.Writes.Resume();
                var s = await workspace.Writes.IndexAsync(rebuild: true, cancellationToken);
                return new ReindexResult(s.Files, s.Entries, s.Chunks, s.Embedded, s.Reused, s.ChangedFiles, s.RemovedFiles, Math.Round(s.Seconds, 3));
            case JournalMethods.DeleteIndexCommand:
                var deleted = await workspace.Writes.DeleteAsync(cancellationToken);
                return new DeleteIndexResult(workspace.Engine.IndexPath, [.. deleted]);
            case JournalMethods.ImportCommand:
                // Reads an export and writes files: off the message loop.
                var imported = await Task.Run(() => Import(workspace.Folder, args), cancellationToken);
                if (imported.Added > 0) await workspace.Writes.IndexAsync(rebuild: false, cancellationToken);
                return imported;
            default:
                throw new InvalidParamsException($"unknown command: {p?.Command}; this server runs {string.Join(", ", Commands)}");
        }
    }

    /// <summary>
    /// <c>journal.import</c> (source, kind "dayone" (the default) or "jrnl", layout?) into <paramref name="folder"/>
    /// (<see cref="JournalImport"/>); a missing or unreadable export is an error that says why.
    /// </summary>
    public static ImportResult Import(string folder, JsonElement[] args)
    {
        var source = String(args, 0, "source") ?? throw new InvalidParamsException("journal.import needs (source[, kind[, layout]])");
        var kind = String(args, 1, "kind") switch
        {
            null or "dayone" => ImportSource.DayOne,
            "jrnl" => ImportSource.Jrnl,
            var other => throw new InvalidParamsException($"journal.import reads \"dayone\" or \"jrnl\", not \"{other}\""),
        };
        var report = JournalImport.Import(source, kind, folder, String(args, 2, "layout") ?? Core.Import.ImportedDays.DefaultLayout);
        return new ImportResult([.. report.Files], report.Added, report.AlreadyThere, report.Photos, [.. report.Problems]);
    }

    private static string? String(JsonElement[] args, int index, string name) =>
        index >= args.Length || args[index].ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null
        : args[index].ValueKind == JsonValueKind.String ? args[index].GetString()
        : throw new InvalidParamsException($"argument {index + 1} ({name}) must be a string");

    private static T? Arg<T>(JsonElement[] args, int index, string name) where T : class
    {
        if (index >= args.Length || args[index].ValueKind == JsonValueKind.Null) return null;
        try { return LspJson.FromElement<T>(args[index]); }
        catch (JsonException) { throw new InvalidParamsException($"argument {index + 1} ({name}) is not a {typeof(T).Name}"); }
    }
}
