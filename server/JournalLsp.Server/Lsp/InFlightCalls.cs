namespace JournalLsp.Server.Lsp;

/// <summary>
/// The engine calls under way for one workspace (queries, indexing runs, buffer updates), so retiring can wait for
/// exactly them instead of polling: once <see cref="CloseAsync"/> is called no call enters, and its task completes
/// when the last one leaves. The idea of Roslyn's request execution queue draining before shutdown.
/// </summary>
internal sealed class InFlightCalls
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private bool _closed;

    /// <summary>Counts a call in until the returned value is disposed.</summary>
    /// <exception cref="ObjectDisposedException">When closed: the workspace retires and starts nothing.</exception>
    public Call Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _count++;
        }
        return new Call(this);
    }

    /// <summary>Refuses new calls; the task completes when the calls under way have all left.</summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            _closed = true;
            if (_count == 0) _drained.TrySetResult();
        }
        return _drained.Task;
    }

    private void Leave()
    {
        lock (_gate)
        {
            if (--_count == 0 && _closed) _drained.TrySetResult();
        }
    }

    /// <summary>One call under way; dispose it when the call ends.</summary>
    public readonly struct Call(InFlightCalls calls) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => calls.Leave();
    }
}
