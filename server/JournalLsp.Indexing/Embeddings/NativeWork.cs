namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// Work inside ONNX Runtime that a process must not exit during: a session being built or freed, a model loading in
/// the background. An exit tears down ONNX Runtime's globals under it: a server told to exit 0.1-0.3 s after start,
/// while its model loaded, crashed in 1 of 12 tries (SIGSEGV; the crash report: the main thread in ONNX Runtime's
/// static destructors, another in <c>InferenceSession.Init</c>), and the shipped CLI exited 139 or 134 in 3-8 of 12
/// runs that failed while their model loaded. The process waits for such work when it exits (<see cref="WaitForAll"/>
/// runs at <see cref="AppDomain.ProcessExit"/>, registered by the first <see cref="Scope"/>).
/// </summary>
internal static class NativeWork
{
    private static readonly object s_gate = new();
    private static int s_running;

    // The longest an exit waits: a model's session takes 0.2-0.5 s to build on 2 cores, an int8 quantisation a few s.
    private static readonly TimeSpan s_exitWait = TimeSpan.FromSeconds(10);

    static NativeWork() => AppDomain.CurrentDomain.ProcessExit += (_, _) => WaitForAll(s_exitWait);

    /// <summary>Counts one piece of work while the returned scope lasts.</summary>
    public static Counted Scope()
    {
        lock (s_gate) s_running++;
        return new Counted();
    }

    /// <summary>How many pieces of work are running now.</summary>
    public static int Running
    {
        get { lock (s_gate) return s_running; }
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

    /// <summary>One counted piece of work; disposing it ends it.</summary>
    public readonly struct Counted : IDisposable
    {
        /// <summary>Ends the work.</summary>
        public void Dispose()
        {
            lock (s_gate)
            {
                s_running--;
                Monitor.PulseAll(s_gate);
            }
        }
    }
}
