using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>journal/similar</c> and the <c>journal.findSimilarDays</c> command: the days that read most like an entry,
/// found by a position in a document or by date, with the neighbour window and forgotten-entry weight from settings.
/// </summary>
internal sealed class SimilarHandler(JournalWorkspace workspace)
{
    public async Task<JournalResult[]> HandleAsync(SimilarParams p, CancellationToken cancellationToken)
    {
        var query = Query(p, workspace.Settings.Results);
        try
        {
            return await workspace.QueryAsync(e => Conversions.ToProto(e.JournalFolder, e.Similar(query)), cancellationToken);
        }
        catch (JournalException e)
        {
            throw Conversions.RequestFailed(e.Message);
        }
    }

    /// <summary>
    /// The engine query for an entry: by date, or by the entry holding the position (found in the editor's buffer),
    /// <paramref name="top"/> results unless the params say otherwise.
    /// </summary>
    /// <exception cref="StreamJsonRpc.LocalRpcException">InvalidParams for a bad date or URI; RequestFailed for a file outside the journal.</exception>
    public SimilarQuery Query(SimilarParams p, int top)
    {
        top = Math.Clamp(p.Top ?? top, 1, 100);
        if (Conversions.Day(p.Date, "date") is { } date)
        {
            var s = workspace.Settings;
            return new SimilarQuery(Date: date, Top: top, NeighbourDays: s.NeighbourDays, ForgottenWeight: s.ForgottenWeight);
        }
        var uri = p.TextDocument?.Uri ?? throw Conversions.InvalidParams("give textDocument (and position) or date");
        var line = p.Position?.Line ?? 0;
        return QueryAt(uri, workspace.EntriesOf(uri)?.At(line)?.StartLine ?? line, top);
    }

    /// <summary>
    /// The engine query for the entry starting at <paramref name="entryStartLine"/> of the document (hover and code
    /// lens already know it): the index finds the entry starting at or before that line.
    /// </summary>
    /// <exception cref="StreamJsonRpc.LocalRpcException">InvalidParams for a URI that is not a file; RequestFailed for a file outside the journal.</exception>
    public SimilarQuery QueryAt(string uri, int entryStartLine, int top)
    {
        var path = Conversions.ToPath(uri) ?? throw Conversions.InvalidParams($"not a file URI: {uri}");
        if (workspace.Engine.RelativePath(path) is null) throw Conversions.RequestFailed($"{uri} is not in the journal folder {workspace.Folder}");
        var s = workspace.Settings;
        return new SimilarQuery(Path: path, Line: entryStartLine, Top: top, NeighbourDays: s.NeighbourDays, ForgottenWeight: s.ForgottenWeight);
    }
}
