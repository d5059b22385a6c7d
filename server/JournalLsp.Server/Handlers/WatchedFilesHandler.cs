using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>workspace/didChangeWatchedFiles</c>: Markdown files created, changed or deleted outside the editor. Files open in
/// the editor are left to text sync (their buffer is what the person sees).
/// </summary>
internal sealed class WatchedFilesHandler(JournalWorkspace workspace)
{
    public void Handle(DidChangeWatchedFilesParams p)
    {
        foreach (var change in p?.Changes ?? [])
        {
            if (workspace.Documents.Get(change.Uri) is not null && change.Type != FileChangeType.Deleted) continue;
            workspace.Writes.ScheduleUpdate(change.Uri, TimeSpan.Zero);
        }
    }
}
