namespace JournalLsp.Server.Lsp;

/// <summary>
/// Where serving the workspace folder stands. One value per server, changed only by <see cref="FolderTransitions.Next"/>;
/// the states are named after Roslyn's <c>ILifeCycleManager</c> split (a server that is running, shutting down, gone)
/// refined for a journal folder, which can be served or not and, when served, loads, indexes and pauses.
/// </summary>
internal enum FolderPhase
{
    /// <summary><c>initialize</c> is deciding whether the folder is a journal (the setting <c>enabled</c>, else its files).</summary>
    Judging,

    /// <summary>Not a journal (or <c>enabled</c> is false): no engine and no index; decided again on settings or a dated file.</summary>
    NotServed,

    /// <summary>Served; the index is being read into memory, and the first indexing run, counted already, waits for it.</summary>
    Loading,

    /// <summary>Served; an indexing run is asked for or under way.</summary>
    Indexing,

    /// <summary>Served, with no indexing run pending: queries answer from the index as it is.</summary>
    Ready,

    /// <summary>The index was deleted (<c>journal.deleteIndex</c>): nothing is written until <c>journal.reindex</c>.</summary>
    Paused,

    /// <summary><c>enabled</c> turned false: no call starts; the calls under way finish, then the engine closes.</summary>
    Retiring,

    /// <summary>After <c>shutdown</c> or <c>exit</c>: nothing is served again.</summary>
    ShutDown,
}

/// <summary>What happens to a served folder; <see cref="FolderTransitions.Next"/> says what each does in each phase.</summary>
internal enum FolderEvent
{
    /// <summary>The folder was judged a journal (or <c>enabled</c> is true): serving starts, with its first run counted.</summary>
    Served,

    /// <summary>The folder was judged not a journal (or <c>enabled</c> is false).</summary>
    Refused,

    /// <summary>The index finished loading into memory (or failed to, and queries load it themselves).</summary>
    Loaded,

    /// <summary>An indexing run was asked for (a settings change, a rebuild, <c>journal.reindex</c>).</summary>
    RunRequested,

    /// <summary>A counted indexing run ended: done, failed or cancelled.</summary>
    RunEnded,

    /// <summary>The index was deleted.</summary>
    Deleted,

    /// <summary><c>journal.reindex</c> after a delete: writes may run again.</summary>
    Resumed,

    /// <summary>The setting <c>enabled</c> turned false while served.</summary>
    TurnedOff,

    /// <summary>The retiring folder's calls ended and its engine is closed.</summary>
    Retired,

    /// <summary><c>shutdown</c>, <c>exit</c>, or the client went away.</summary>
    ShutDown,
}

/// <summary>A folder's phase and how many indexing runs are asked for and not ended (runs queue on one writer).</summary>
internal readonly record struct FolderState(FolderPhase Phase, int Runs = 0)
{
    /// <summary>
    /// What <c>journal/status</c> calls "indexing": from serving until the first run ends, and while a run is pending,
    /// so a client that waits for indexing to stop does not stop before the run it caused has begun.
    /// </summary>
    public bool Indexing => Phase is FolderPhase.Loading or FolderPhase.Indexing;

    /// <summary>Whether writes (indexing runs, buffer updates, seen marks) may run.</summary>
    public bool Writable => Phase is FolderPhase.Loading or FolderPhase.Indexing or FolderPhase.Ready;
}

/// <summary>The lifecycle's transitions: a pure function, table-tested in <c>FolderTransitionsTests</c>.</summary>
internal static class FolderTransitions
{
    /// <summary>
    /// The state after <paramref name="e"/> in <paramref name="state"/>. An event that means nothing in a phase (a run
    /// asked for while paused, anything after shutdown) leaves the state as it is; callers that must know compare.
    /// </summary>
    public static FolderState Next(FolderState state, FolderEvent e) => (state.Phase, e) switch
    {
        (_, FolderEvent.ShutDown) => new(FolderPhase.ShutDown),
        (FolderPhase.ShutDown, _) => state,
        (FolderPhase.Judging or FolderPhase.NotServed, FolderEvent.Served) => new(FolderPhase.Loading, Runs: 1),
        (FolderPhase.Judging or FolderPhase.NotServed, FolderEvent.Refused) => new(FolderPhase.NotServed),
        (FolderPhase.Loading, FolderEvent.Loaded) => state with { Phase = state.Runs > 0 ? FolderPhase.Indexing : FolderPhase.Ready },
        (FolderPhase.Loading or FolderPhase.Indexing, FolderEvent.RunRequested) => state with { Runs = state.Runs + 1 },
        (FolderPhase.Ready, FolderEvent.RunRequested) => new(FolderPhase.Indexing, Runs: 1),
        (FolderPhase.Indexing, FolderEvent.RunEnded) => state.Runs > 1 ? state with { Runs = state.Runs - 1 } : new(FolderPhase.Ready),
        (FolderPhase.Loading or FolderPhase.Paused or FolderPhase.Retiring, FolderEvent.RunEnded) => state with { Runs = Math.Max(0, state.Runs - 1) },
        (FolderPhase.Loading or FolderPhase.Indexing or FolderPhase.Ready, FolderEvent.Deleted) => state with { Phase = FolderPhase.Paused },
        (FolderPhase.Paused, FolderEvent.Resumed) => state with { Phase = state.Runs > 0 ? FolderPhase.Indexing : FolderPhase.Ready },
        (FolderPhase.Loading or FolderPhase.Indexing or FolderPhase.Ready or FolderPhase.Paused, FolderEvent.TurnedOff) => state with { Phase = FolderPhase.Retiring },
        (FolderPhase.Retiring, FolderEvent.Retired) => new(FolderPhase.NotServed),
        _ => state,
    };
}

/// <summary>
/// The server's one <see cref="FolderState"/>, changed only through <see cref="FolderTransitions.Next"/>, one event at
/// a time; <see cref="PhaseChanged"/> is raised (outside the lock) when an event changes the phase.
/// </summary>
internal sealed class FolderLifecycle
{
    private readonly Lock _gate = new();
    private FolderState _state = new(FolderPhase.Judging);

    /// <summary>The state now.</summary>
    public FolderState State
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>
    /// Raised with the new state after an event changed the phase (not for a change of <see cref="FolderState.Runs"/>
    /// only), and by <see cref="Announce"/>: what a client's status shows changed.
    /// </summary>
    public event Action<FolderState>? PhaseChanged;

    /// <summary>Raises <see cref="PhaseChanged"/> with the state as it is: what a status shows changed within a phase (the index deleted).</summary>
    public void Announce() => PhaseChanged?.Invoke(State);

    /// <summary>Applies <paramref name="e"/>; returns whether it changed the state (false: the phase ignores it).</summary>
    public bool Fire(FolderEvent e)
    {
        FolderState before, after;
        lock (_gate)
        {
            before = _state;
            _state = after = FolderTransitions.Next(before, e);
        }
        if (after.Phase != before.Phase) PhaseChanged?.Invoke(after);
        return after != before;
    }
}
