namespace JournalLsp.Server.Protocol;

/// <summary>Method and command names; the TypeScript client mirrors them (docs/lsp-extensions.md).</summary>
public static class JournalMethods
{
    /// <summary>Custom request: ask the journal a question.</summary>
    public const string Search = "journal/search";
    /// <summary>Custom request: index coverage and state.</summary>
    public const string Status = "journal/status";
    /// <summary>Command: ask the journal (question, optional from/to).</summary>
    public const string AskCommand = "journal.ask";
}

/// <summary>Params of <c>journal/search</c>.</summary>
/// <param name="Question">The question in plain words; date phrases filter.</param>
/// <param name="From">Earliest day, YYYY-MM-DD.</param>
/// <param name="To">Latest day, YYYY-MM-DD.</param>
/// <param name="Top">How many entries.</param>
public sealed record SearchParams(string Question, string? From = null, string? To = null, int? Top = null);

/// <summary>One result of <c>journal/search</c>: the entry and the passage that matched.</summary>
public sealed record JournalResult(string? Date, string Uri, Range Range, double Score, string Snippet, string Heading);

/// <summary>Result of <c>journal/status</c>.</summary>
public sealed record StatusResult(
    string JournalFolder, string IndexPath, string ModelId, bool Indexing, int Files, int Entries, int Chunks,
    SkippedFileInfo[] Skipped, string? LastIndexedAt);

/// <summary>A skipped file in <c>journal/status</c>.</summary>
public sealed record SkippedFileInfo(string Path, string Reason);
