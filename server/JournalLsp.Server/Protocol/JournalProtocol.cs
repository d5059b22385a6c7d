namespace JournalLsp.Server.Protocol;

/// <summary>Method and command names; the TypeScript client mirrors them (docs/lsp-extensions.md).</summary>
public static class JournalMethods
{
    /// <summary>Custom request: ask the journal a question.</summary>
    public const string Search = "journal/search";
    /// <summary>Custom request: the days that read most like an entry.</summary>
    public const string Similar = "journal/similar";
    /// <summary>Custom request: index coverage and state.</summary>
    public const string Status = "journal/status";
    /// <summary>Notification from the server: the <c>journal/status</c> result, sent when the folder's phase changes.</summary>
    public const string DidChangeStatus = "journal/didChangeStatus";
    /// <summary>Custom request: how a question is read (its date phrase, the days it keeps), without searching.</summary>
    public const string Understand = "journal/understand";
    /// <summary>Custom request: entries, and the days matching a question, per month or week.</summary>
    public const string Timeline = "journal/timeline";
    /// <summary>Custom request: the themes the journal keeps coming back to, with their days, words and a passage each.</summary>
    public const string Themes = "journal/themes";
    /// <summary>Custom request: a review of a period as a Markdown document.</summary>
    public const string Review = "journal/review";
    /// <summary>Command: ask the journal (question, optional from/to).</summary>
    public const string AskCommand = "journal.ask";
    /// <summary>Command: similar days for the entry at (uri, position).</summary>
    public const string FindSimilarDaysCommand = "journal.findSimilarDays";
    /// <summary>Command: entries from earlier years on the same month and day (date, default today).</summary>
    public const string OnThisDayCommand = "journal.onThisDay";
    /// <summary>Command: re-read and re-index every file (also after <see cref="DeleteIndexCommand"/>).</summary>
    public const string ReindexCommand = "journal.reindex";
    /// <summary>Command: delete everything stored for the journal; nothing is indexed again until <see cref="ReindexCommand"/>.</summary>
    public const string DeleteIndexCommand = "journal.deleteIndex";
    /// <summary>
    /// Command: import another app's journal into the folder as Markdown day files (source path, kind "dayone" or "jrnl",
    /// layout?); answered even where the folder is not served yet (an empty folder becomes a journal by it).
    /// </summary>
    public const string ImportCommand = "journal.import";
}

/// <summary>Params of <c>journal/search</c>.</summary>
/// <param name="Question">The question in plain words; date phrases filter.</param>
/// <param name="From">Earliest day, YYYY-MM-DD.</param>
/// <param name="To">Latest day, YYYY-MM-DD.</param>
/// <param name="Top">How many entries; the <c>results</c> setting when null.</param>
public sealed record SearchParams(string Question, string? From = null, string? To = null, int? Top = null);

/// <summary>Result of <c>journal/understand</c> (its params are <see cref="SearchParams"/>, <c>top</c> unread).</summary>
/// <param name="Text">The words that are searched: the question without its date phrase.</param>
/// <param name="Phrase">The date phrase found ("in 1665"), or null.</param>
/// <param name="FilteredTo">The days kept, in words ("1665", "days since 2021-03-01"), or null for every day.</param>
public sealed record UnderstandResult(string Text, string? Phrase, string? FilteredTo);

/// <summary>Params of <c>journal/timeline</c>.</summary>
/// <param name="Query">A question or phrase whose matching days are counted (its date phrase narrows the days); null for entries alone.</param>
/// <param name="By"><c>month</c> (the default) or <c>week</c> (ISO weeks, from Monday).</param>
/// <param name="From">Earliest day, YYYY-MM-DD.</param>
/// <param name="To">Latest day, YYYY-MM-DD.</param>
public sealed record TimelineParams(string? Query = null, string? By = null, string? From = null, string? To = null);

/// <summary>One month or week of <c>journal/timeline</c>.</summary>
/// <param name="Start">Its first day, YYYY-MM-DD (the 1st, or a Monday).</param>
/// <param name="Entries">Dated entries in it.</param>
/// <param name="Matches">Days in it whose entry reaches the relevance threshold for the query (0 without one).</param>
public sealed record TimelineBinInfo(string Start, int Entries, int Matches);

/// <summary>Result of <c>journal/timeline</c>: every bin from the first entry kept to the last, empty ones too.</summary>
/// <param name="Bins">The bins in date order.</param>
/// <param name="FilteredTo">The days kept, in words ("1665", "days since 2021-03-01"), when a date phrase or from/to narrowed them; else null.</param>
public sealed record TimelineResult(TimelineBinInfo[] Bins, string? FilteredTo = null);

/// <summary>Params of <c>journal/review</c>: the period, YYYY-MM-DD, both days in it.</summary>
public sealed record ReviewParams(string? From = null, string? To = null);

/// <summary>Result of <c>journal/review</c>.</summary>
/// <param name="Title">"September 1665", "1665", or "from to".</param>
/// <param name="Markdown">The review, with front matter <c>journal-review: true</c> (saved into the journal, it is not read as an entry).</param>
public sealed record ReviewResult(string Title, string Markdown);

/// <summary>Params of <c>journal/themes</c>.</summary>
/// <param name="From">Earliest day, YYYY-MM-DD: only themes with days from it, and only those days.</param>
/// <param name="To">Latest day, YYYY-MM-DD.</param>
/// <param name="Max">At most this many themes, those with the most days in the period first; all when null.</param>
/// <param name="By"><c>month</c> (the default) or <c>week</c>: the bins of each theme's days.</param>
/// <param name="Theme">A theme's id: only that theme, with <c>passages</c>, its passage of each day.</param>
public sealed record ThemesParams(string? From = null, string? To = null, int? Max = null, string? By = null, int? Theme = null);

/// <summary>One bin of a theme's days.</summary>
/// <param name="Start">Its first day, YYYY-MM-DD (the 1st, or a Monday).</param>
/// <param name="Days">The theme's days in it.</param>
public sealed record ThemeBinInfo(string Start, int Days);

/// <summary>One theme of <c>journal/themes</c>.</summary>
/// <param name="Id">The theme's number: the same while the server keeps its themes (the journal grown by less than a tenth); found afresh after a restart.</param>
/// <param name="Label">Its three most distinctive words, joined by ", ".</param>
/// <param name="Terms">Its most distinctive words (class-based TF-IDF), best first.</param>
/// <param name="Days">Every day of the period it holds, YYYY-MM-DD, in date order.</param>
/// <param name="First">Its first day in the period.</param>
/// <param name="Last">Its last day in the period.</param>
/// <param name="Bins">Every month or week of the period, the same for every theme (a stacked chart lines them up).</param>
/// <param name="Example">Its most central passage in the period, as a journal result (uri, range, snippet).</param>
/// <param name="Passages">With <c>theme</c> in the params: per day, newest first, the theme's passage of that day; else null.</param>
/// <param name="Trend">As of the journal's last day: <c>thisMonth</c>, <c>stopped</c>, <c>new</c> or <c>steady</c>.</param>
public sealed record ThemeInfo(int Id, string Label, string[] Terms, string[] Days, string First, string Last, ThemeBinInfo[] Bins, JournalResult Example,
    JournalResult[]? Passages = null, string Trend = "steady");

/// <summary>Result of <c>journal/themes</c>: the themes, most days in the period first.</summary>
public sealed record ThemesResult(ThemeInfo[] Themes);

/// <summary>Params of <c>journal/similar</c>: an entry by document position, or by date.</summary>
/// <param name="TextDocument">The document holding the entry.</param>
/// <param name="Position">A position inside the entry (its first entry when null).</param>
/// <param name="Date">The entry's day, YYYY-MM-DD, instead of a document.</param>
/// <param name="Top">How many entries; the <c>results</c> setting when null.</param>
/// <param name="Range">
/// A selection in <paramref name="TextDocument"/>: the days that read like the passages of the entry it touches rather
/// than like the whole entry (the entry holding the range's start, where <paramref name="Position"/> is null).
/// </param>
public sealed record SimilarParams(TextDocumentIdentifier? TextDocument = null, Position? Position = null, string? Date = null, int? Top = null,
    Range? Range = null);

/// <summary>One result: the entry, the passage that matched (why it was chosen), and when it was last opened.</summary>
/// <param name="Date">The entry's day, YYYY-MM-DD, or null for an undated note.</param>
/// <param name="Uri">The entry's file.</param>
/// <param name="Range">The passage that matched: whole lines, 0-based, end exclusive.</param>
/// <param name="Score">Similarity; higher is closer.</param>
/// <param name="Snippet">The start of the passage, one line.</param>
/// <param name="Heading">The entry's heading.</param>
/// <param name="LastSeen">When the entry was last opened in an editor (ISO 8601), or null if never.</param>
/// <param name="Related">
/// For similar days and answers to a question: whether the day is related at all, or only the closest there is; null
/// (absent) elsewhere.
/// </param>
/// <param name="Because">For similar days, why the day is listed; null (absent) elsewhere.</param>
/// <param name="Linked">For similar days, true when the entry asked about already links to the day (such days come last); null (absent) otherwise.</param>
public sealed record JournalResult(string? Date, string Uri, Range Range, double Score, string Snippet, string Heading, string? LastSeen = null, bool? Related = null,
    SimilarEvidence? Because = null, bool? Linked = null);

/// <summary>
/// Why a similar day is listed (<c>journal/similar</c> only): the passage of the entry asked about and the passage of the
/// similar day that match best, and up to five rare words both hold, rarest first.
/// </summary>
public sealed record SimilarEvidence(EvidencePassage Source, EvidencePassage Related, string[] Terms);

/// <summary>One side of <see cref="SimilarEvidence"/>: the document, the exact range of the passage in it, its text.</summary>
public sealed record EvidencePassage(string Uri, Range Range, string Text);

/// <summary>Progress of the running indexing run in <c>journal/status</c>.</summary>
public sealed record IndexingProgress(int EntriesDone, int EntriesTotal, int FilesDone, int FilesTotal);

/// <summary>Result of <c>journal/status</c>; <c>TemplateLines</c> are the lines left out as the journal's template.</summary>
/// <remarks>
/// <c>Active</c> is false when the folder is not served as a journal (it does not look like one, or
/// <c>journal.enabled</c> is false): then nothing is indexed, <c>IndexPath</c> and <c>ModelId</c> are empty, and
/// <c>Reason</c> says why and how to turn it on. When active, <c>Reason</c> says what decided it.
/// </remarks>
public sealed record StatusResult(
    string JournalFolder, string IndexPath, string ModelId, bool Indexing, int Files, int Entries, int Chunks,
    SkippedFileInfo[] Skipped, string? LastIndexedAt, SkippedFileInfo[]? Warnings = null, IndexingProgress? Progress = null,
    string[]? TemplateLines = null, bool Active = true, string? Reason = null);

/// <summary>A skipped file (or a warning about one) in <c>journal/status</c>.</summary>
public sealed record SkippedFileInfo(string Path, string Reason);

/// <summary>Result of the <c>journal.reindex</c> command.</summary>
public sealed record ReindexResult(int Files, int Entries, int Chunks, int Embedded, int Reused, int ChangedFiles, int RemovedFiles, double Seconds);

/// <summary>Result of the <c>journal.import</c> command: the day files written or added to (relative), entries added, entries already there, photos copied, entries skipped and why.</summary>
public sealed record ImportResult(string[] Files, int Added, int AlreadyThere, int Photos, string[] Problems);

/// <summary>Result of the <c>journal.deleteIndex</c> command.</summary>
/// <param name="IndexPath">The index that was deleted.</param>
/// <param name="Deleted">The files and folder deleted; empty when nothing was stored.</param>
public sealed record DeleteIndexResult(string IndexPath, string[] Deleted);
