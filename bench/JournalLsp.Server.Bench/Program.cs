// Measures the language server as an editor meets it: a process over stdio, driven by a JSON-RPC client.
// Usage: journal-lsp-server-bench [--corpus DIR] [--positions 200]
//   DIR defaults to ../shared/corpora/pepys-diary found above the working folder; the server indexes DIR/daily/**
//   plus one month file (monthly/1666-09.md, 30 entries) into .cache/bench/index, so later runs reuse the vectors.
using System.Diagnostics;
using System.Text.Json;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

var corpus = Arg("--corpus") ?? FindCorpus();
var positions = int.Parse(Arg("--positions") ?? "200");
var indexFolder = Path.GetFullPath(Path.Combine(".cache", "bench", "index"));
var monthFile = Path.Combine(corpus, "monthly", "1666-09.md");
var options = new { indexLocation = indexFolder, include = new[] { "daily/**/*.md", "monthly/1666-09.md" } };
Console.WriteLine($"corpus {corpus}, index {indexFolder}");

// Run 1: make sure the index is complete (the first time, this is the cold indexing run).
await using (var warmup = await Server.StartAsync(corpus, options))
{
    var clock = Stopwatch.StartNew();
    var status = await warmup.WaitUntilIndexedAsync();
    Console.WriteLine($"index ready: {status.Entries:N0} entries, {status.Chunks:N0} chunks ({clock.Elapsed.TotalSeconds:F1} s to bring up to date)");
    await warmup.StopAsync();
}

// Run 2: a fresh server over the existing index, as when the editor opens the journal again.
var spawn = Stopwatch.StartNew();
await using var server = await Server.StartAsync(corpus, options);
var initializedMs = spawn.Elapsed.TotalMilliseconds;
var fireDay = Uri(Path.Combine(corpus, "daily", "1666", "1666-09-02.md"));
Hover? first = null;
while (first is null && spawn.Elapsed < TimeSpan.FromMinutes(2))
    first = await server.HoverAsync(fireDay, 2, 10);
var firstHoverMs = spawn.Elapsed.TotalMilliseconds;
var fromInitializeMs = firstHoverMs - server.InitializeSentAtMs;
await server.WaitUntilIndexedAsync();

var files = Directory.GetFiles(Path.Combine(corpus, "daily"), "*.md", SearchOption.AllDirectories).Order().ToArray();
var random = new Random(20261125);
for (var i = 0; i < 10; i++) await server.HoverAsync(fireDay, 2, 10); // JIT warm-up
var hoverMs = new List<double>();
var answered = 0;
for (var i = 0; i < positions; i++)
{
    var file = files[random.Next(files.Length)];
    var lines = File.ReadAllLines(file).Length;
    var line = 2 + random.Next(Math.Max(1, lines - 2));
    var t = Stopwatch.StartNew();
    if (await server.HoverAsync(Uri(file), line, 5) is not null) answered++;
    hoverMs.Add(t.Elapsed.TotalMilliseconds);
}

var lensMs = new List<double>();
var lensAllMs = new List<double>();
var lensCount = 0;
for (var i = 0; i < 20; i++)
{
    var t = Stopwatch.StartNew();
    var lenses = await server.Rpc.InvokeWithParameterObjectAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = Uri(monthFile) } });
    lensMs.Add(t.Elapsed.TotalMilliseconds);
    // As VS Code does for the lenses in view: every resolve sent at once.
    await Task.WhenAll(lenses.Where(l => l.Command is null)
        .Select(lens => server.Rpc.InvokeWithParameterObjectAsync<CodeLens>("codeLens/resolve", lens)));
    lensAllMs.Add(t.Elapsed.TotalMilliseconds);
    lensCount = lenses.Length;
}
// journal/search with the default hybrid ranking: the Pepys question set's questions (the model embeds each), twice.
var questionsFile = Path.Combine(Environment.CurrentDirectory, "tests", "eval", "pepys-questions.tsv");
var questions = File.Exists(questionsFile)
    ? File.ReadLines(questionsFile).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToArray()
    : ["a day I felt truly alive", "the fire in the city", "music and singing in the evening"];
await server.Rpc.InvokeWithParameterObjectAsync<JournalResult[]>(JournalMethods.Search, new { question = questions[0] }); // loads the model
var searchMs = new List<double>();
foreach (var question in questions.Concat(questions))
{
    var t = Stopwatch.StartNew();
    await server.Rpc.InvokeWithParameterObjectAsync<JournalResult[]>(JournalMethods.Search, new { question });
    searchMs.Add(t.Elapsed.TotalMilliseconds);
}

var (rss, peak) = server.Memory();
await server.StopAsync();

Console.WriteLine($"first hover (index present): {fromInitializeMs:F0} ms from initialize ({firstHoverMs:F0} ms from process start; initialize answered at {initializedMs:F0} ms)");
Console.WriteLine($"hover over {positions} positions ({answered} with related days): p50 {P(hoverMs, 50):F1} ms, p95 {P(hoverMs, 95):F1} ms, max {hoverMs.Max():F1} ms");
Console.WriteLine($"code lens, month file (30 entries, {lensCount} lenses): textDocument/codeLens p50 {P(lensMs, 50):F1} ms, p95 {P(lensMs, 95):F1} ms; " +
                  $"with every lens resolved p50 {P(lensAllMs, 50):F1} ms, p95 {P(lensAllMs, 95):F1} ms");
Console.WriteLine($"journal/search (hybrid) over {searchMs.Count} questions: p50 {P(searchMs, 50):F1} ms, p95 {P(searchMs, 95):F1} ms, max {searchMs.Max():F1} ms");
Console.WriteLine($"server RSS: {rss / 1048576.0:F0} MB now, {peak / 1048576.0:F0} MB peak");
return 0;

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static string Uri(string path) => new Uri(path).AbsoluteUri;

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static string FindCorpus()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "corpora", "pepys-diary");
        if (Directory.Exists(candidate)) return candidate;
    }
    throw new DirectoryNotFoundException("pepys-diary not found; pass --corpus");
}

/// <summary>The server process and a JSON-RPC client on its stdio.</summary>
internal sealed class Server(Process process, JsonRpc rpc, double initializeSentAtMs) : IAsyncDisposable
{
    public JsonRpc Rpc => rpc;

    /// <summary>When initialize was sent, ms after the process was started.</summary>
    public double InitializeSentAtMs => initializeSentAtMs;

    public static async Task<Server> StartAsync(string folder, object initializationOptions)
    {
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "journal-lsp-server.dll"));
        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        rpc.StartListening();
        var sentAt = clock.Elapsed.TotalMilliseconds;
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId, rootUri = new Uri(folder).AbsoluteUri, capabilities = new { }, initializationOptions,
        });
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        return new Server(process, rpc, sentAt);
    }

    public Task<Hover?> HoverAsync(string uri, int line, int character) =>
        rpc.InvokeWithParameterObjectAsync<Hover?>("textDocument/hover", new { textDocument = new { uri }, position = new { line, character } });

    public async Task<StatusResult> WaitUntilIndexedAsync()
    {
        while (true)
        {
            var status = await rpc.InvokeWithParameterObjectAsync<StatusResult>(JournalMethods.Status, new { });
            if (!status.Indexing && status.LastIndexedAt is not null) return status;
            await Task.Delay(250);
        }
    }

    /// <summary>VmRSS and VmHWM of the server process (bytes).</summary>
    public (long Rss, long Peak) Memory()
    {
        long Read(string key) => File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith(key)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).FirstOrDefault();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    public async Task StopAsync()
    {
        await rpc.InvokeWithParameterObjectAsync<object?>("shutdown", null);
        await rpc.NotifyWithParameterObjectAsync("exit", null);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        rpc.Dispose();
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
