using JournalLsp.Core.Journal;
using JournalLsp.Core.Search;
using JournalLsp.Core.Text;
using JournalLsp.Indexing;

using JournalLsp.Server.Documents;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// The journal workspace: a served folder's engine, open documents and settings, and the intent methods handlers ask
/// (queries on the thread pool that never wait for indexing; writes through <see cref="Writes"/>). Where serving
/// stands is <see cref="Lifecycle"/>'s; <see cref="FolderServing"/> creates and retires the workspace.
/// </summary>
internal sealed class JournalWorkspace : IDisposable
{
    private readonly CancellationTokenSource _retiring = new();
    private readonly InFlightCalls _calls = new();
    private volatile ServerSettings _settings;
    // Completed once Load has loaded the index (or failed to): the first run waits for it, from construction on, so a
    // run asked for before Load starts still waits.
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="engine">The engine for the journal folder, which the workspace disposes.</param>
    /// <param name="settings">The settings now.</param>
    /// <param name="client">Where logs, progress and messages go.</param>
    /// <param name="lifecycle">The folder's lifecycle, already <see cref="FolderPhase.Loading"/>.</param>
    /// <param name="documents">The editor's open buffers so far (kept while the folder was not served), or null for none.</param>
    public JournalWorkspace(JournalEngine engine, ServerSettings settings, LspClient client, FolderLifecycle lifecycle, TextDocuments? documents = null)
    {
        Engine = engine;
        Documents = documents ?? new TextDocuments();
        Parsed = new ParsedDocuments(engine, Documents);
        Lifecycle = lifecycle;
        _settings = settings;
        Client = client;
        Writes = new IndexWrites(engine, client, lifecycle, Documents, Parsed, _calls, () => _loaded.Task, _retiring.Token);
        engine.Filter = new JournalFilter(settings.Include, settings.Exclude);
        engine.PrivateFlag = settings.PrivateFlag;
    }

    public JournalEngine Engine { get; }

    public LspClient Client { get; }

    public TextDocuments Documents { get; }

    /// <summary>The entries of the journal's documents, buffer or disk.</summary>
    public ParsedDocuments Parsed { get; }

    /// <summary>Indexing runs, buffer updates, seen marks and deleting the index.</summary>
    public IndexWrites Writes { get; }

    /// <summary>Where serving the folder stands.</summary>
    public FolderLifecycle Lifecycle { get; }

    public ServerSettings Settings => _settings;

    /// <summary>Whether <c>journal/status</c> says "indexing" (<see cref="FolderState.Indexing"/>).</summary>
    public bool Indexing => Lifecycle.State.Indexing;

    public string Folder => Engine.JournalFolder;

    /// <summary>Why this folder is served as a journal, in plain words (for <c>journal/status</c>).</summary>
    public string Reason { get; init; } = "";

    /// <summary>The entries of the document at <paramref name="uri"/> (<see cref="ParsedDocuments.EntriesOf"/>).</summary>
    public DocumentEntries? EntriesOf(string uri) => Parsed.EntriesOf(uri);

    /// <summary>
    /// The days that read most like <paramref name="entry"/> of <paramref name="document"/>, found in the index by its
    /// key, with the neighbour window and forgotten-entry weight from the settings.
    /// </summary>
    /// <exception cref="JournalException">When the entry is not indexed (yet).</exception>
    public Task<IReadOnlyList<SearchResult>> SimilarDaysAsync(DocumentEntries document, JournalEntry entry, int top, CancellationToken cancellationToken)
    {
        var query = SimilarQuery(document, entry, top);
        return QueryAsync(e => e.Similar(query), cancellationToken);
    }

    // The key finds the entry whatever moved above it; the path and line are the fallback for a key being typed.
    private SimilarQuery SimilarQuery(DocumentEntries document, JournalEntry entry, int top) =>
        SimilarQuery(top) with { Entry = document.KeyOf(entry), Path = document.RelativePath, Line = entry.StartLine };

    /// <summary>How many related days the entry named <paramref name="key"/> has (<see cref="JournalEngine.RelatedCount"/>; for lenses).</summary>
    /// <exception cref="JournalException">When the entry is not indexed (yet).</exception>
    public Task<int> RelatedDaysCountAsync(EntryKey key, CancellationToken cancellationToken)
    {
        var query = SimilarQuery(Settings.Results) with { Entry = key };
        return QueryAsync(e => e.RelatedCount(query), cancellationToken);
    }

    /// <summary>The days that read most like the entry on <paramref name="date"/>.</summary>
    /// <exception cref="JournalException">When no entry on that day is indexed.</exception>
    public Task<IReadOnlyList<SearchResult>> SimilarDaysAsync(DateOnly date, int top, CancellationToken cancellationToken)
    {
        var query = SimilarQuery(top) with { Date = date };
        return QueryAsync(e => e.Similar(query), cancellationToken);
    }

    /// <summary>
    /// The days that read most like the entry holding line <paramref name="at"/> of the document at <paramref name="uri"/>
    /// (0-based; without one, the selection's first line, else the file's first entry), or, given <paramref name="selection"/>,
    /// like the passages of that entry the selection touches (<see cref="JournalLsp.Core.Search.EntrySelection.Touched"/>).
    /// </summary>
    /// <exception cref="InvalidParamsException">When the URI is not a file.</exception>
    /// <exception cref="JournalException">When the file is not a journal file, or the entry is not indexed (yet).</exception>
    public Task<IReadOnlyList<SearchResult>> SimilarDaysAtAsync(string uri, int? at, TextSpan? selection, int top, CancellationToken cancellationToken)
    {
        var path = Conversions.ToPath(uri) ?? throw new InvalidParamsException($"not a file URI: {uri}");
        var line = at ?? selection?.StartLine ?? 0;
        // No entry there in the buffer (past its end, or unreadable): the index's entry holding the line.
        var query = (EntriesOf(uri) is { } document && document.At(line) is { } entry
            ? SimilarQuery(document, entry, top)
            : SimilarQuery(top) with { Path = path, Line = line }) with { Selection = selection };
        return QueryAsync(e => e.Similar(query), cancellationToken);
    }

    /// <summary>Asks the journal a question; <paramref name="top"/> defaults to the <c>results</c> setting.</summary>
    /// <exception cref="InvalidQueryException">When the question is empty and no day is given, or too long.</exception>
    public Task<IReadOnlyList<SearchResult>> AskAsync(string? question, DateOnly? from, DateOnly? to, int? top, CancellationToken cancellationToken)
    {
        var options = new AskOptions(Math.Clamp(top ?? Settings.Results, 1, 100), from, to);
        return QueryAsync(e => e.Ask(question ?? "", options), cancellationToken);
    }

    /// <summary>How <see cref="AskAsync"/> would read <paramref name="question"/> (<see cref="JournalEngine.Understand"/>).</summary>
    /// <exception cref="InvalidQueryException">When the question is too long.</exception>
    public Task<(ParsedQuestion Question, DateRange? Range)> UnderstandAsync(string? question, DateOnly? from, DateOnly? to, CancellationToken cancellationToken) =>
        QueryAsync(e => e.Understand(question ?? "", new AskOptions(From: from, To: to)), cancellationToken);

    private SimilarQuery SimilarQuery(int top)
    {
        var s = Settings;
        return new SimilarQuery(Top: Math.Clamp(top, 1, 100), NeighbourDays: s.NeighbourDays, ForgottenWeight: s.ForgottenWeight);
    }

    /// <summary>Entries from earlier years on the month and day of <paramref name="date"/>, newest first.</summary>
    public Task<IReadOnlyList<SearchResult>> OnThisDayAsync(DateOnly date, int top, CancellationToken cancellationToken) =>
        QueryAsync(e => e.OnThisDay(date, top), cancellationToken);

    /// <summary>For each of <paramref name="dates"/>, the earlier years' entries on that month and day (for lenses).</summary>
    public Task<Dictionary<DateOnly, IReadOnlyList<SearchResult>>> OnThisDayAsync(IReadOnlyCollection<DateOnly> dates, int top, CancellationToken cancellationToken) =>
        QueryAsync(e => dates.ToDictionary(d => d, d => e.OnThisDay(d, top)), cancellationToken);

    /// <summary>The first entry on <paramref name="date"/> with the start of its text, or null.</summary>
    public Task<SearchResult?> EntryOnAsync(DateOnly date, CancellationToken cancellationToken) =>
        QueryAsync(e => e.EntryOn(date), cancellationToken);

    /// <summary>The journal's themes in <paramref name="query"/>'s period (<see cref="JournalEngine.Themes"/>).</summary>
    public Task<JournalThemes> ThemesAsync(ThemeQuery query, CancellationToken cancellationToken) =>
        QueryAsync(e => e.Themes(query), cancellationToken);

    /// <summary>A review of <paramref name="from"/> to <paramref name="to"/> (<see cref="JournalEngine.Review"/>).</summary>
    public Task<JournalReview> ReviewAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        QueryAsync(e => e.Review(from, to), cancellationToken);

    /// <summary>Entries and the days matching <paramref name="query"/> per month or week (<see cref="JournalEngine.Timeline"/>).</summary>
    /// <exception cref="InvalidQueryException">When the query is too long.</exception>
    public Task<JournalTimeline> TimelineAsync(string? query, TimelineBy by, DateOnly? from, DateOnly? to, CancellationToken cancellationToken) =>
        QueryAsync(e => e.Timeline(query, by, from, to), cancellationToken);

    /// <summary>What the index holds now. A damaged index it meets starts no run: the status pushed after each run
    /// reads it, and a rebuild that failed would start the next one, without end.</summary>
    public Task<IndexStatus> StatusAsync(CancellationToken cancellationToken) => QueryAsync(e => e.Status(), cancellationToken, rebuildIfDamaged: false);

    /// <summary>
    /// Runs a read-only engine call on the thread pool, as one of the calls retiring waits for. With
    /// <paramref name="rebuildIfDamaged"/>, a damaged index the call found (the engine reported it to the commit log)
    /// starts the indexing run that moves it aside and builds it again, unless one is pending (it will); the caller
    /// gets the error that says so.
    /// </summary>
    /// <exception cref="ObjectDisposedException">When retiring: the route table answers ContentModified.</exception>
    private Task<T> QueryAsync<T>(Func<JournalEngine, T> query, CancellationToken cancellationToken, bool rebuildIfDamaged = true) =>
        Task.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var call = _calls.Enter();
            try
            {
                return query(Engine);
            }
            catch (IndexDamagedException) when (rebuildIfDamaged)
            {
                if (Lifecycle.State.Phase == FolderPhase.Ready) Writes.StartIndexing();
                throw;
            }
        }, cancellationToken);

    /// <summary>
    /// Stops serving (the setting enabled turned false): cancels background work, waits for the engine calls under way
    /// (an embedding must not lose its model mid-run; <see cref="InFlightCalls"/>), then disposes the engine. New
    /// calls are refused with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async Task RetireAsync()
    {
        _retiring.Cancel();
        await _calls.CloseAsync();
        await _loaded.Task; // a load under way finishes first (Load is called as the folder is served, and never fails)
        Engine.Dispose();
    }

    /// <summary>Brings the index in line with the buffers the editor had open before this workspace served the folder.</summary>
    public void ReopenDocuments()
    {
        foreach (var document in Documents.All) Writes.ScheduleUpdate(document.Uri, TimeSpan.Zero);
    }

    /// <summary>
    /// Loads the index into memory on the thread pool (<see cref="LoadIndex"/>) so the first hover does not pay for
    /// it, or takes over a load begun while the folder was judged; the first indexing run waits for this, so on 2
    /// cores the two do not fight over them. Ends the lifecycle's <see cref="FolderPhase.Loading"/>. Failures are
    /// logged, and the requests then load what they need themselves.
    /// </summary>
    /// <param name="loading"><see cref="LoadIndex"/> of this workspace's <see cref="Engine"/>, already started; null to start one.</param>
    public void Load(Task<(int Entries, long Ms)>? loading = null) => _ = Task.Run(async () =>
    {
        try
        {
            var (entries, ms) = loading is null ? LoadIndex(Engine) : await loading;
            Client.Log(MessageType.Info, $"index loaded: {entries:N0} entries in {ms:N0} ms");
        }
        catch (Exception e)
        {
            Client.Log(MessageType.Warning, $"loading the index failed: {e.Message}");
        }
        finally
        {
            Lifecycle.Fire(FolderEvent.Loaded);
            _loaded.TrySetResult();
        }
    });

    /// <summary>
    /// Loads <paramref name="engine"/>'s index into memory and ranks once (<see cref="JournalEngine.Warm"/>): the
    /// entries loaded and how long it took (ms). Throws what the engine throws for an index it cannot read.
    /// </summary>
    public static (int Entries, long Ms) LoadIndex(JournalEngine engine)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var entries = engine.Warm();
        return (entries, clock.ElapsedMilliseconds);
    }

    /// <summary>
    /// Applies new settings: a change to the include/exclude globs starts an indexing run, a change to the private
    /// flag a rebuild (every file must be parsed again to know).
    /// </summary>
    public void ApplySettings(ServerSettings settings)
    {
        var old = _settings;
        _settings = settings with { IndexLocation = old.IndexLocation, Model = old.Model, Threads = old.Threads }; // the index cannot move or change model while open
        if (_settings != old) Client.Log(MessageType.Log, $"settings: {Describe(_settings)}");
        if (_settings.CodeLenses != old.CodeLenses) Client.RefreshCodeLenses();
        var privacy = old.PrivateFlag != settings.PrivateFlag;
        var globs = !old.Include.SequenceEqual(settings.Include) || !old.Exclude.SequenceEqual(settings.Exclude);
        if (!privacy && !globs) return;
        Engine.Filter = new JournalFilter(settings.Include, settings.Exclude);
        Engine.PrivateFlag = settings.PrivateFlag;
        Parsed.Clear();
        Client.Log(MessageType.Info, privacy ? "private flag changed: re-reading every file" : "include/exclude settings changed: re-indexing");
        Writes.StartIndexing(rebuild: privacy);
    }

    private static string Describe(ServerSettings s) =>
        $"include {Globs(s.Include, "every journal file")}, exclude {Globs(s.Exclude, "none")}, privateFlag {s.PrivateFlag}, " +
        $"results {s.Results}, hoverResults {s.HoverResults}, neighbourDays {s.NeighbourDays}, forgottenWeight {s.ForgottenWeight}, debounceMs {s.DebounceMs}, " +
        $"hovers {(s.Hovers ? "on" : "off")}, codeLenses {(s.CodeLenses ? "on" : "off")}";

    // "include [], exclude []" read as if nothing were included: an empty list says what it means.
    private static string Globs(string[] globs, string whenEmpty) =>
        globs.Length == 0 ? $"[] ({whenEmpty})" : $"[{string.Join(", ", globs)}]";

    /// <summary>Cancels background work and closes the engine at once (exit: nothing waits for the calls under way).</summary>
    public void Dispose()
    {
        _retiring.Cancel();
        _ = _calls.CloseAsync(); // no call starts on the closed engine (one would open its index again)
        Engine.Dispose();
    }
}
