namespace JournalLsp.Indexing;

/// <summary>
/// What the index's writer has committed, for its readers: a generation bumped by every commit with the files it
/// wrote, an epoch bumped when the index file itself was replaced (deleted and made again, or moved aside after
/// damage), and the version of other processes' commits. The <see cref="Indexer"/> appends; the
/// <see cref="IndexReader"/> reads; neither knows the other. Thread-safe.
/// </summary>
internal sealed class CommitLog
{
    // The last commits' files, newest last, so a reader can bring its snapshot up to date by re-reading only those.
    // 64 covers a cold run's commits between two hovers many times over; null paths: any file may have changed.
    private const int Remembered = 64;
    private readonly Queue<(int Generation, IReadOnlyCollection<string>? Paths)> _commits = new();
    private int _generation;
    private int _epoch;
    private long _external;

    /// <summary>Bumped by every commit; a snapshot taken at another generation is stale.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Bumped when the index file was replaced by a fresh one: a reader must open it again.</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>
    /// A number that moves when another writer (a second editor's server, a CLI <c>index</c>) commits to the index's
    /// content, as of the writer's last look (<see cref="ExternalProbe"/>, asked here without waiting for a commit).
    /// </summary>
    public long ExternalVersion
    {
        get
        {
            if (ExternalProbe?.Invoke() is { } version) Volatile.Write(ref _external, version);
            return Volatile.Read(ref _external);
        }
    }

    /// <summary>
    /// Set by the writer: reads other writers' version now, or null when it cannot without waiting (a commit under way)
    /// or has no index open; the last value read is given then.
    /// </summary>
    public Func<long?>? ExternalProbe { get; set; }

    /// <summary>Records a commit of <paramref name="paths"/> (relative, '/'-separated), or of any file when null.</summary>
    public void Committed(IReadOnlyCollection<string>? paths)
    {
        lock (_commits)
        {
            _commits.Enqueue((Interlocked.Increment(ref _generation), paths));
            if (_commits.Count > Remembered) _commits.Dequeue();
        }
    }

    /// <summary>Records that the index file was replaced (any file may have changed, and readers must reopen it).</summary>
    public void Replaced()
    {
        Interlocked.Increment(ref _epoch);
        Committed(null);
    }

    private string? _damage;

    /// <summary>
    /// Records that a reader found the index damaged (SQLITE_CORRUPT): the writer's next run moves it aside and builds
    /// it again (<see cref="TakeDamage"/>), as it does for damage it meets itself.
    /// </summary>
    public void ReportDamage(string what) => Interlocked.CompareExchange(ref _damage, what, null);

    /// <summary>The damage a reader reported since the last call, or null; the report is taken.</summary>
    public string? TakeDamage() => Interlocked.Exchange(ref _damage, null);

    /// <summary>
    /// The generation now and the files committed since <paramref name="generation"/> (empty when none), or null files
    /// when that is not known (a commit of any file, or one older than the commits remembered): load whole then.
    /// </summary>
    public (int Generation, IReadOnlySet<string>? Changed) ChangesSince(int generation)
    {
        lock (_commits)
        {
            var now = Generation;
            if (now == generation) return (now, new HashSet<string>());
            var newer = _commits.Where(c => c.Generation > generation).ToList();
            if (newer.Count != now - generation || newer.Any(c => c.Paths is null)) return (now, null);
            return (now, newer.SelectMany(c => c.Paths!).ToHashSet(StringComparer.Ordinal));
        }
    }
}
