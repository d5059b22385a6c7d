using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary><c>journal/search</c> and the <c>journal.ask</c> command: a question in plain words.</summary>
internal sealed class SearchHandler(JournalWorkspace workspace)
{
    public Task<JournalResult[]> HandleAsync(SearchParams p, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(p?.Question)) throw Conversions.InvalidParams("question must not be empty");
        var options = new AskOptions(Math.Clamp(p.Top ?? workspace.Settings.Results, 1, 100),
            Conversions.Day(p.From, "from"), Conversions.Day(p.To, "to"));
        return workspace.QueryAsync(e => Conversions.ToProto(e.JournalFolder, e.Ask(p.Question, options)), cancellationToken);
    }
}
