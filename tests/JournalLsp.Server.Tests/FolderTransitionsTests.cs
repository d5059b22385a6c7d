using JournalLsp.Server.Lsp;
using Xunit;

namespace JournalLsp.Server.Tests;

/// <summary>The served folder's lifecycle: each row is a state, an event and the state it leads to.</summary>
public class FolderTransitionsTests
{
    [Theory]
    // initialize judges the folder; serving starts with the first run counted, so status says "indexing" at once
    [InlineData("Judging", 0, "Served", "Loading", 1)]
    [InlineData("Judging", 0, "Refused", "NotServed", 0)]
    [InlineData("NotServed", 0, "Served", "Loading", 1)]       // a dated file appeared, or enabled turned true
    [InlineData("NotServed", 0, "RunRequested", "NotServed", 0)]
    // loading ends in the first run, or in ready when that run is over (it never is before the load: it waits)
    [InlineData("Loading", 1, "Loaded", "Indexing", 1)]
    [InlineData("Loading", 0, "Loaded", "Ready", 0)]
    [InlineData("Loading", 1, "RunRequested", "Loading", 2)]
    [InlineData("Loading", 1, "RunEnded", "Loading", 0)]       // the first run cancelled before the load ended
    // runs queue on one writer: indexing lasts until the last one ends
    [InlineData("Ready", 0, "RunRequested", "Indexing", 1)]
    [InlineData("Indexing", 1, "RunRequested", "Indexing", 2)]
    [InlineData("Indexing", 2, "RunEnded", "Indexing", 1)]
    [InlineData("Indexing", 1, "RunEnded", "Ready", 0)]
    [InlineData("Ready", 0, "Loaded", "Ready", 0)]
    // a deleted index pauses writes: runs asked for are refused, runs under way still end
    [InlineData("Ready", 0, "Deleted", "Paused", 0)]
    [InlineData("Indexing", 1, "Deleted", "Paused", 1)]
    [InlineData("Loading", 1, "Deleted", "Paused", 1)]
    [InlineData("Paused", 0, "RunRequested", "Paused", 0)]
    [InlineData("Paused", 1, "RunEnded", "Paused", 0)]
    [InlineData("Paused", 0, "Resumed", "Ready", 0)]
    [InlineData("Paused", 1, "Resumed", "Indexing", 1)]
    [InlineData("Ready", 0, "Resumed", "Ready", 0)]
    // enabled turned false: retiring refuses everything new and ends not served once its calls are done
    [InlineData("Ready", 0, "TurnedOff", "Retiring", 0)]
    [InlineData("Indexing", 1, "TurnedOff", "Retiring", 1)]
    [InlineData("Paused", 0, "TurnedOff", "Retiring", 0)]
    [InlineData("Retiring", 1, "RunRequested", "Retiring", 1)]
    [InlineData("Retiring", 1, "RunEnded", "Retiring", 0)]
    [InlineData("Retiring", 0, "Served", "Retiring", 0)]      // a new decision waits for the retirement
    [InlineData("Retiring", 0, "Retired", "NotServed", 0)]
    [InlineData("Ready", 0, "Retired", "Ready", 0)]
    // shutdown from anywhere, and nothing after it
    [InlineData("Judging", 0, "ShutDown", "ShutDown", 0)]
    [InlineData("Indexing", 2, "ShutDown", "ShutDown", 0)]
    [InlineData("ShutDown", 0, "Served", "ShutDown", 0)]
    [InlineData("ShutDown", 0, "RunRequested", "ShutDown", 0)]
    public void An_event_moves_the_folder_to_its_next_state(string phase, int runs, string e, string expectedPhase, int expectedRuns)
    {
        var next = FolderTransitions.Next(new FolderState(Enum.Parse<FolderPhase>(phase), runs), Enum.Parse<FolderEvent>(e));
        Assert.Equal(new FolderState(Enum.Parse<FolderPhase>(expectedPhase), expectedRuns), next);
    }

    [Theory]
    [InlineData("Judging", false)]
    [InlineData("NotServed", false)]
    [InlineData("Loading", true)]
    [InlineData("Indexing", true)]
    [InlineData("Ready", false)]
    [InlineData("Paused", false)]
    [InlineData("Retiring", false)]
    public void Status_says_indexing_while_loading_or_indexing(string phase, bool indexing) =>
        Assert.Equal(indexing, new FolderState(Enum.Parse<FolderPhase>(phase)).Indexing);

    [Theory]
    [InlineData("Loading", true)]
    [InlineData("Indexing", true)]
    [InlineData("Ready", true)]
    [InlineData("Paused", false)]
    [InlineData("Retiring", false)]
    [InlineData("ShutDown", false)]
    public void Writes_run_only_while_served_and_not_paused(string phase, bool writable) =>
        Assert.Equal(writable, new FolderState(Enum.Parse<FolderPhase>(phase)).Writable);

    [Fact]
    public void A_phase_change_is_announced_once()
    {
        var lifecycle = new FolderLifecycle();
        var seen = new List<FolderPhase>();
        lifecycle.PhaseChanged += s => seen.Add(s.Phase);
        lifecycle.Fire(FolderEvent.Served);
        lifecycle.Fire(FolderEvent.RunRequested); // runs only: no announcement
        lifecycle.Fire(FolderEvent.Loaded);
        Assert.Equal([FolderPhase.Loading, FolderPhase.Indexing], seen);
    }

    [Fact]
    public void An_event_the_phase_ignores_reports_no_change()
    {
        var lifecycle = new FolderLifecycle();
        lifecycle.Fire(FolderEvent.Served);
        lifecycle.Fire(FolderEvent.Deleted);
        Assert.False(lifecycle.Fire(FolderEvent.RunRequested));
    }
}

/// <summary>Retiring waits for exactly the calls under way.</summary>
public class InFlightCallsTests
{
    [Fact]
    public async Task Closing_waits_for_the_calls_under_way()
    {
        var calls = new InFlightCalls();
        var call = calls.Enter();
        var closed = calls.CloseAsync();
        Assert.False(closed.IsCompleted);
        call.Dispose();
        await closed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Closing_with_no_calls_is_done_at_once() =>
        Assert.True(new InFlightCalls().CloseAsync().IsCompleted);

    [Fact]
    public void No_call_enters_once_closed()
    {
        var calls = new InFlightCalls();
        _ = calls.CloseAsync();
        Assert.Throws<ObjectDisposedException>(() => calls.Enter());
    }
}
