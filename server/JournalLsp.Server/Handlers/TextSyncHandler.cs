using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>textDocument/didOpen</c>, <c>didChange</c> (incremental), <c>didSave</c> and <c>didClose</c>: keeps the open
/// buffers, re-indexes an edited file after a pause in typing (only its changed chunks are embedded), and records that
/// the opened file's entries were seen once it has stayed open a few seconds.
/// </summary>
internal sealed class TextSyncHandler(JournalWorkspace workspace)
{
    // An entry counts as seen when it stays open this long: flicking through previews in a result list is not reading.
    private static readonly TimeSpan SeenAfter = TimeSpan.FromSeconds(3);

    public void DidOpen(DidOpenTextDocumentParams p)
    {
        var doc = p.TextDocument;
        workspace.Documents.Open(doc.Uri, doc.Version, doc.Text);
        workspace.Writes.ScheduleUpdate(doc.Uri, TimeSpan.Zero);
        _ = Task.Delay(SeenAfter).ContinueWith(_ =>
        {
            if (workspace.Documents.Get(doc.Uri) is not null) workspace.Writes.MarkSeen(doc.Uri);
        }, TaskScheduler.Default);
    }

    public void DidChange(DidChangeTextDocumentParams p)
    {
        if (workspace.Documents.Change(p.TextDocument.Uri, p.TextDocument.Version, p.ContentChanges) is null)
        {
            workspace.Client.Log(MessageType.Warning, $"didChange for a document that is not open: {p.TextDocument.Uri}");
            return;
        }
        workspace.Writes.ScheduleUpdate(p.TextDocument.Uri, TimeSpan.FromMilliseconds(workspace.Settings.DebounceMs));
    }

    public void DidSave(DidSaveTextDocumentParams p) => workspace.Writes.ScheduleUpdate(p.TextDocument.Uri, TimeSpan.Zero);

    public void DidClose(DidCloseTextDocumentParams p)
    {
        // The buffer is gone: the index follows the file on disk again (unsaved edits are dropped).
        workspace.Documents.Close(p.TextDocument.Uri);
        workspace.Writes.ScheduleUpdate(p.TextDocument.Uri, TimeSpan.Zero);
    }
}
