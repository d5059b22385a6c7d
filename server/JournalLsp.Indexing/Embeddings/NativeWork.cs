namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// Work inside ONNX Runtime that a process must not exit during: a session being built or freed, a model loading in
/// the background. An exit tears down ONNX Runtime's globals under it (a crash report: the main thread in ONNX
/// Runtime's static destructors, another in <c>InferenceSession.Init</c>; how often: docs/benchmarks.md, "A download
/// half the size"). The process waits for such work when it exits: <see cref="WaitForAll"/> runs at
/// <see cref="AppDomain.ProcessExit"/>, registered by the first use of this class.
/// </summary>
internal static class NativeWork
{
    private static readonly object s_gate = new();
    private static int s_running;

    // The longest an exit waits: a model's session takes 0.2-0.5 s to build on 2 cores, an int8 quantisation a few s.
    private static readonly TimeSpan s_exitWait = TimeSpan.FromSeconds(10);

    static NativeWork() => AppDomain.CurrentDomain.ProcessExit += (_, _) => WaitForAll(s_exitWait);

    /// <summary>Counts one piece of work until the returned scope is disposed.</summary>
    public static Counted Scope()
    {
        lock (s_gate) s_running++;
        return new Counted();
    }

    /// <summary>Waits until none runs, at most <paramref name="timeout"/>; true when none does.</summary>
    public static bool WaitForAll(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (s_gate)
        {
            while (s_running > 0)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                Monitor.Wait(s_gate, TimeSpan.FromMilliseconds(left));
            }
            return true;
        }
    }

    /// <summary>One counted piece of work; disposing it ends it (once, however often it is disposed).</summary>
    public sealed class Counted : IDisposable
    {
        private int _ended;

        /// <summary>Ends the work.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 1) return;
            lock (s_gate)
            {
                s_running--;
                Monitor.PulseAll(s_gate);
            }
        }
    }
}
