using System.Diagnostics;
using JournalLsp.Server.Protocol;
using Xunit.Abstractions;

namespace JournalLsp.Server.Tests;

/// <summary>
/// The server answers at once while it indexes: during a cold index of a year of Pepys (356 entries) the requests an
/// editor sends most (and the one it waits for before quitting) stay under 100 ms at p99 over 50 tries each. Before the
/// fix, 4 of 10 eglot sessions saw shutdown take 2.5-5.9 s and journal/status 0.55-2.5 s.
/// </summary>
public sealed class ResponsivenessTests(ITestOutputHelper output) : IDisposable
{
    private const int Tries = 50;
    private static readonly TimeSpan P99Limit = TimeSpan.FromMilliseconds(100);

    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-responsive-").FullName;

    [Fact]
    public async Task Shutdown_status_and_hover_answer_within_100_ms_at_p99_during_a_cold_index_of_a_year()
    {
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(TestData.Pepys, new { indexLocation = Path.Combine(_scratch, "index"), include = new[] { "daily/1661/*.md" } });

        // From initialized until the first run ends, status says indexing: a client polling "until not indexing" waits.
        Assert.True((await server.RequestAsync<StatusResult>(JournalMethods.Status, new { })).Indexing);

        var uri = new Uri(Path.Combine(TestData.Pepys, "daily", "1661", "1661-01-01.md")).AbsoluteUri;
        var hover = new { textDocument = new { uri }, position = new { line = 2, character = 10 } };
        var times = new Dictionary<string, List<double>> { ["shutdown"] = [], [JournalMethods.Status] = [], ["textDocument/hover"] = [] };
        StatusResult status = null!;
        for (var i = 0; i < Tries; i++)
        {
            status = await Timed(JournalMethods.Status, () => server.RequestAsync<StatusResult>(JournalMethods.Status, new { }));
            await Timed("textDocument/hover", () => server.RequestAsync<Hover?>("textDocument/hover", hover));
            await Timed("shutdown", () => server.RequestAsync<object?>("shutdown", null)); // harmless until exit
            await Task.Delay(100);
        }
        var progress = status.Progress;
        // Every try fell inside the indexing run, with the embedder busy (some entries done, not all).
        Assert.True(status.Indexing && progress is not null && progress.EntriesDone < progress.EntriesTotal,
            $"indexing ended before the last try ({progress?.EntriesDone}/{progress?.EntriesTotal}): not a test of answers during indexing");

        var slow = new List<string>();
        foreach (var (method, inOrder) in times)
        {
            var ms = inOrder.Order().ToList();
            var p99 = ms[(int)Math.Ceiling(0.99 * ms.Count) - 1];
            output.WriteLine($"{method}: p50 {ms[ms.Count / 2]:F1} ms, p99 {p99:F1} ms, max {ms[^1]:F1} ms over {ms.Count} tries while indexing; " +
                             $"in order: {string.Join(" ", inOrder.Select(t => t.ToString("F0")))}");
            if (p99 >= P99Limit.TotalMilliseconds) slow.Add($"{method} p99 {p99:F1} ms");
        }
        Assert.True(slow.Count == 0, string.Join("; ", slow));
        Assert.Equal(0, await server.StopAsync());

        async Task<T> Timed<T>(string method, Func<Task<T>> request)
        {
            var clock = Stopwatch.StartNew();
            var result = await request();
            times[method].Add(clock.Elapsed.TotalMilliseconds);
            return result;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
