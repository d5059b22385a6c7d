using JournalLsp.Indexing;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// The engine for the workspace's journal folder, behind one lock: the engine is single-threaded, and this is the
/// only place that calls it. Indexing runs in the background; requests wait for the lock.
/// </summary>
internal sealed class JournalWorkspace(JournalEngine engine) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _indexing;

    public string Folder => engine.JournalFolder;

    public string IndexPath => engine.IndexPath;

    public string ModelId => engine.ModelId;

    public bool Indexing => _indexing;

    public IndexSummary? LastSummary { get; private set; }

    public DateTimeOffset? LastIndexedAt { get; private set; }

    public async Task<T> RunAsync<T>(Func<JournalEngine, T> action, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try { return action(engine); }
        finally { _lock.Release(); }
    }

    public Task IndexAsync(IProgress<IndexProgress>? progress, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        _indexing = true;
        try
        {
            LastSummary = await RunAsync(e => e.Index(progress, cancellationToken), cancellationToken);
            LastIndexedAt = DateTimeOffset.UtcNow;
        }
        finally { _indexing = false; }
    }, cancellationToken);

    public void Dispose()
    {
        _lock.Wait();
        engine.Dispose();
    }
}
