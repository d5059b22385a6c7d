using JournalLsp.Server.Documents;
using JournalLsp.Server.Handlers;

namespace JournalLsp.Server.Lsp;

/// <summary>A served folder: its workspace and the handlers the route table hands requests to, made once per workspace.</summary>
internal sealed record ServedFolder(
    JournalWorkspace Workspace, TextSyncHandler TextSync, WatchedFilesHandler WatchedFiles, HoverHandler Hover,
    CodeLensHandler CodeLens, CommandHandler Commands, AskHandler Ask, SimilarHandler Similar, StatusHandler Status,
    TimelineHandler Timeline, ThemesHandler Themes, ReviewHandler Review, NavigationHandler Navigation, CodeActionHandler CodeActions)
{
    /// <summary>The handlers of <paramref name="workspace"/>.</summary>
    public static ServedFolder Of(JournalWorkspace workspace) => new(
        workspace, new TextSyncHandler(workspace), new WatchedFilesHandler(workspace), new HoverHandler(workspace),
        new CodeLensHandler(workspace), new CommandHandler(workspace), new AskHandler(workspace), new SimilarHandler(workspace),
        new StatusHandler(workspace), new TimelineHandler(workspace), new ThemesHandler(workspace), new ReviewHandler(workspace), new NavigationHandler(workspace),
        new CodeActionHandler(workspace));
}

/// <summary>
/// An initialized server whose folder is not served: no engine, no index; why, the settings to decide again with, and
/// the editor's open buffers (kept, so serving that starts later has them).
/// </summary>
internal sealed record NotServedFolder(string Folder, ServerSettings Settings, string Reason, TextDocuments Documents);
