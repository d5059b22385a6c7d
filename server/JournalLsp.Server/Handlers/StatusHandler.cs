using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary><c>journal/status</c>: what the index covers, what was skipped and why, and any run in progress.</summary>
internal sealed class StatusHandler(JournalWorkspace workspace)
{
    public async Task<StatusResult> HandleAsync(CancellationToken cancellationToken)
    {
        var status = await workspace.StatusAsync(cancellationToken);
        var progress = workspace.Writes.Progress is { } p ? new IndexingProgress(p.EntriesDone, p.EntriesTotal, p.FilesDone, p.FilesTotal) : null;
        return new StatusResult(workspace.Folder, workspace.Engine.IndexPath, workspace.Engine.ModelId, workspace.Indexing,
            status.Files, status.Entries, status.Chunks,
            status.Skipped.Select(k => new SkippedFileInfo(k.Path, k.Reason)).ToArray(), status.LastIndexedAt?.ToString("O"),
            status.Warnings.Select(k => new SkippedFileInfo(k.Path, k.Warning)).ToArray(), progress, [.. status.TemplateLines ?? []],
            Active: true, workspace.Reason);
    }

    /// <summary>The status of a folder that is not served as a journal: nothing indexed, and why.</summary>
    public static StatusResult NotServed(string folder, string reason) =>
        new(folder, "", "", false, 0, 0, 0, [], null, Active: false, Reason: reason);
}
