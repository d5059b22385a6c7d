// The benchmark: one command, one table, everything measured in the same run on the same machine (speed claims are
// ratios within the run; the CPU and its flags head the table). See docs/benchmarks.md for a recorded run.
// Usage: journal-lsp-server-bench [--corpus DIR] [--quick] [--only embedding|diary|scale|soak] [--positions 200] [--scale 100000]
//   [--soak-minutes 30] [--index FILE]
//   DIR defaults to ../shared/corpora/pepys-diary found above the working folder. Work files go to .cache/bench/.
//   --quick skips the whole-diary runs of the plain approach and of transformers.js (their sample rows stay).
//   --only runs the machine rows and one part: embedding (ceilings, tokens/s, the peer), diary (cold index, CLI,
//   the server, the engine in process), scale (the synthetic journal) or soak (an editing session against the server, 30 minutes unless
//   --soak-minutes says otherwise, 2 with --quick); --scale 0 leaves the synthetic journal out, --soak-minutes 0 the session.
//   --index FILE: the diary part serves a copy of this index of the diary (made by `journal-lsp index`) instead of
//   indexing the diary cold, which takes minutes; the cold-index rows and the whole-diary peer runs are left out.
//   --shipped: the CLI and the server as they ship (into .cache/bench/shipped/: the CLI packed and installed as a .NET tool,
//   the server published as its .vsix carries it; each Native AOT on linux-x64, else ReadyToRun), not as built.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

if (args is ["--scale-child", var scaleJournal, var scaleIndex]) return Scale.Child(scaleJournal, scaleIndex);
var corpus = Arg("--corpus") ?? FindCorpus();
var daily = Path.Combine(corpus, "daily");
var quick = args.Contains("--quick");
var positions = int.Parse(Arg("--positions") ?? "200");
var scaleEntries = int.Parse(Arg("--scale") ?? "100000");
var repo = Environment.CurrentDirectory;
var work = Path.GetFullPath(Path.Combine(".cache", "bench"));
Directory.CreateDirectory(work);
var threads = Environment.ProcessorCount;
var table = new Table();
var only = Arg("--only");
var reusedIndex = Arg("--index") is { } given ? Path.GetFullPath(given) : null;
bool Part(string name) => only is null || only == name;

// The machine.
var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown";
var flags = (File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags")) ?? "").Split(' ').ToHashSet();
var shown = new[] { "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8" }.Where(flags.Contains);
table.Section("machine");
table.Add("CPU", $"{cpu}, {threads} cores, {string.Join(' ', shown)}");
table.Add(".NET / ONNX Runtime", $"{Environment.Version} / {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version}");

var modelFolder = Path.Combine(work, "models");
using var fp32 = OnnxEmbeddingGenerator.Create(EmbeddingModelInfo.MiniLmL6V2, modelFolder, threads);
using var int8 = OnnxEmbeddingGenerator.Create(EmbeddingModelInfo.MiniLmL6V2Int8, modelFolder, threads);
// The peer reads the fp32 model we run, in one file (the cache's copy keeps its word embeddings beside it: ModelFile).
var fp32File = Path.Combine(modelFolder, "peer", $"all-MiniLM-L6-v2-{PackedModel.ReadId(EmbeddingModelInfo.MiniLmL6V2.ModelPath)[..12]}.onnx");
if (!File.Exists(fp32File))
{
    Directory.CreateDirectory(Path.GetDirectoryName(fp32File)!);
    using var packed = File.OpenRead(EmbeddingModelInfo.MiniLmL6V2.ModelPath);
    using var copy = File.Create(fp32File);
    Google.Protobuf.MessageExtensions.WriteTo(PackedModel.Unpack(packed), copy);
}
var passages = Embedding.Passages(daily, fp32);

if (Part("embedding"))
{
// The ceiling, measured before and after the throughput rows and the best kept: on a shared VM a neighbour's burst
// once halved one measurement (and put "ours" above 100% of it).
var (ceilingFp32, ceilingInt8) = Ceiling.Measure(threads);

// Embedding throughput on a sample of the diary's passages: every 10th, the same texts for every engine.
var sample = passages.Where((_, i) => i % 10 == 0).ToList();
var ours32 = Embedding.Throughput(fp32, sample, 3);
var ours8 = Embedding.Throughput(int8, sample, 3);
var (againFp32, againInt8) = Ceiling.Measure(threads);
(ceilingFp32, ceilingInt8) = (Math.Max(ceilingFp32, againFp32), Math.Max(ceilingInt8, againInt8));
table.Section("ceiling: one MatMul [4096 x 384] x [384 x 1536] through ONNX Runtime, all cores, best of 2 x 20 calls");
table.Add("fp32 MatMul", $"{ceilingFp32:F0} GFLOP/s");
table.Add("int8 DynamicQuantizeMatMul", $"{ceilingInt8:F0} GOP/s (x{ceilingInt8 / ceilingFp32:F2} of fp32)");
var flopsPerToken = Embedding.FlopsPerToken(ours32.MeanTokens);
var (agreeMean, agreeMin) = Embedding.Agreement(ours32.Vectors, ours8.Vectors);
table.Section($"embedding: {sample.Count:N0} of the diary's {passages.Count:N0} passages (every 10th), mean {ours32.MeanTokens:F0} tokens, real tokens only, best of 3");
table.Add("ours fp32", $"{ours32.TokensPerSecond:N0} tokens/s = {ours32.TokensPerSecond * flopsPerToken / 1e9:F0} GFLOP/s, {ours32.TokensPerSecond * flopsPerToken / 1e9 / ceilingFp32:P0} of the fp32 ceiling");
table.Add("ours int8", $"{ours8.TokensPerSecond:N0} tokens/s (x{ours8.TokensPerSecond / ours32.TokensPerSecond:F2} of fp32) = {ours8.TokensPerSecond * flopsPerToken / 1e9:F0} GOP/s, {ours8.TokensPerSecond * flopsPerToken / 1e9 / ceilingInt8:P0} of the int8 ceiling; cosine to fp32 mean {agreeMean:F4}, min {agreeMin:F4}");
var peerSample = Embedding.Peer(repo, Path.Combine(work, "peer"), fp32File, sample, threads);
if (peerSample is { } ps)
{
    var peerRate = ps.Tokens / ps.Seconds;
    var (peerMean, _) = Embedding.Agreement(ours32.Vectors.Take(ps.Sample.Length).ToArray(), ps.Sample);
    table.Add("transformers.js 4.3.1 fp32 (the peer)", $"{peerRate:N0} tokens/s; ours / peer: fp32 x{ours32.TokensPerSecond / peerRate:F2}, int8 x{ours8.TokensPerSecond / peerRate:F2}; cosine to ours {peerMean:F4}");
}
else table.Add("transformers.js (the peer)", "not measured (npm or node unavailable)");
}

if (Part("diary"))
{

// Cold index of the whole diary by the CLI as a process, fp32 and the default model, then the plain approach and the
// peer over the same diary.
table.Section($"the whole diary: {Directory.GetFiles(daily, "*.md", SearchOption.AllDirectories).Length:N0} entries of pepys-diary/daily");
var shipped = args.Contains("--shipped");
var cli = shipped ? Shipped.Tool(repo, work) : Path.Combine(AppContext.BaseDirectory, "journal-lsp.dll");
if (shipped) Server.Binary = Shipped.NativeServer
    ? Shipped.Publish(repo, work, "JournalLsp.Server", "journal-lsp-server", nativeAot: true)
    : Shipped.Publish(repo, work, "JournalLsp.Server", "journal-lsp-server.dll");
var cliForm = cli.EndsWith(".dll", StringComparison.Ordinal) ? "the CLI ReadyToRun" : "the CLI Native AOT";
table.Add("CLI and server", !shipped ? "as built (JIT-compiled as they run)"
    : Shipped.NativeServer ? $"as they ship: {cliForm} (the tool `dotnet pack` makes), the server Native AOT (x86-64-v3, the linux-x64 .vsix's) (--shipped)"
    : $"as they ship: {cliForm}, the server ReadyToRun (--shipped)");
var defaultModel = EmbeddingModelInfo.Known[0];
var serverIndex = Path.Combine(work, "cold", "index.db");
var coldRuns = new List<(string Model, double Seconds)>();
if (reusedIndex is not null)
{
    // A copy, since the server commits the benchmark's edit to it; with its corpus file, which a start reads.
    if (!File.Exists(reusedIndex)) throw new FileNotFoundException($"no index at {reusedIndex}", reusedIndex);
    IndexLocation.DeleteIndex(serverIndex);
    Directory.CreateDirectory(Path.GetDirectoryName(serverIndex)!);
    foreach (var suffix in new[] { "", "-wal", "-corpus" })
        if (File.Exists(reusedIndex + suffix)) File.Copy(reusedIndex + suffix, serverIndex + suffix);
    table.Add("the index", $"a copy of {reusedIndex} (--index: no cold index measured)");
}
foreach (var model in reusedIndex is null ? new[] { EmbeddingModelInfo.MiniLmL6V2, defaultModel }.Distinct() : [])
{
    var index = model == defaultModel ? serverIndex : Path.Combine(work, "cold", $"index-{model.Id}.db");
    IndexLocation.DeleteIndex(index);
    var cold = Measured.Run(cli, ["index", daily, "--index", index, "--model", model.Id, "--json"]);
    var summary = JsonDocument.Parse(cold.Stdout).RootElement;
    var entries = summary.GetProperty("entries").GetInt32();
    coldRuns.Add((model.Id, cold.Seconds));
    table.Add($"cold index, {model.Id}", $"{cold.Seconds:F1} s, {entries / cold.Seconds:F0} entries/s ({summary.GetProperty("chunks").GetInt32():N0} passages + {summary.GetProperty("windows").GetInt32():N0} windows, " +
        $"{summary.GetProperty("tokensEmbedded").GetInt64():N0} tokens through the model); CLI peak RSS {cold.PeakRssMb:F0} MB");
}
var warm = Measured.Run(cli, ["index", daily, "--index", serverIndex, "--json"]);
table.Add("warm re-run (nothing changed)", $"{warm.Seconds:F2} s, {JsonDocument.Parse(warm.Stdout).RootElement.GetProperty("embedded").GetInt32()} chunks embedded");
if (!quick && reusedIndex is null)
{
    // The plain approach runs one text at a time on all cores (intra-op threads), not texts side by side as ours do.
    using var plainFp32 = OnnxEmbeddingGenerator.Create(EmbeddingModelInfo.MiniLmL6V2, modelFolder, threads, textsSideBySide: false);
    var plain = Embedding.Plain(daily, plainFp32);
    table.Add("plain approach (fp32, batch 1, paragraphs <= 180 words, 256 tokens)", $"{plain.Seconds:F1} s for {plain.Chunks:N0} chunks, {plain.Tokens:N0} tokens; our cold index is x{plain.Seconds / coldRuns[^1].Seconds:F2} faster");
    if (Embedding.Peer(repo, Path.Combine(work, "peer"), fp32File, passages, threads) is { } peer)
        table.Add("transformers.js, the same passages", $"{peer.Seconds:F1} s for {passages.Count:N0} passages (embedding only); our cold index is x{peer.Seconds / coldRuns[^1].Seconds:F2} faster");
}
var questionsFile = Path.Combine(repo, "tests", "eval", "pepys-dev.tsv");
var questions = File.ReadLines(questionsFile).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToArray();
// Each command in a process of its own (JOURNAL_LSP_DAEMON=off), then through the daemon the command line starts
// and asks (the first call starts it; 20 other questions after).
var alone = new Dictionary<string, string> { ["JOURNAL_LSP_DAEMON"] = "off" };
var cliAsk = new List<double>();
double cliAskPeak = 0;
foreach (var question in questions.Take(10))
{
    var run = Measured.Run(cli, ["ask", question, "--journal", daily, "--index", serverIndex, "--json"], alone);
    cliAsk.Add(run.Seconds * 1000);
    cliAskPeak = Math.Max(cliAskPeak, run.PeakRssMb);
}
table.Add("ask as a CLI process (10 questions)", $"p50 {Stats.Percentile(cliAsk, 50):F0} ms, p95 {Stats.Percentile(cliAsk, 95):F0} ms; peak RSS {cliAskPeak:F0} MB");
var resident = new Dictionary<string, string> { ["JOURNAL_LSP_DAEMON"] = "on", ["JOURNAL_LSP_DAEMON_IDLE"] = "120" };
Measured.Run(cli, ["daemon", "stop"], resident);
var starting = Measured.Run(cli, ["ask", questions[10], "--journal", daily, "--index", serverIndex, "--json"], resident);
var daemonAsk = questions.Skip(11).Take(20)
    .Select(q => Measured.Run(cli, ["ask", q, "--journal", daily, "--index", serverIndex, "--json"], resident))
    .ToList();
Measured.Run(cli, ["daemon", "stop"], resident);
table.Add("ask as a CLI process through the daemon (20 questions)", $"p50 {Stats.Percentile([.. daemonAsk.Select(r => r.Seconds * 1000)], 50):F0} ms, " +
    $"p95 {Stats.Percentile([.. daemonAsk.Select(r => r.Seconds * 1000)], 95):F0} ms, peak RSS {daemonAsk.Max(r => r.PeakRssMb):F0} MB; the first, starting it, {starting.Seconds * 1000:F0} ms");

// The server over that index, as when the editor opens the journal again.
var files = Directory.GetFiles(daily, "*.md", SearchOption.AllDirectories).Order().ToArray();
var options = new { indexLocation = serverIndex, debounceMs = 300 };
// The first hover, from initialize, over 5 restarts (one start is noisy): the server waits for nothing it does not need.
var firstHovers = new List<double>();
for (var i = 0; i < 5; i++)
{
    var restart = Stopwatch.StartNew();
    await using var again = await Server.StartAsync(daily, options);
    Hover? hover = null;
    while (hover is null && restart.Elapsed < TimeSpan.FromMinutes(2))
        hover = await again.HoverAsync(Uri(Path.Combine(daily, "1666", "1666-09-02.md")), 2, 10);
    firstHovers.Add(restart.Elapsed.TotalMilliseconds - again.InitializeSentAtMs);
    await again.WaitUntilIndexedAsync();
}
var spawn = Stopwatch.StartNew();
await using (var server = await Server.StartAsync(daily, options))
{
    var fireDay = Uri(Path.Combine(daily, "1666", "1666-09-02.md"));
    Hover? first = null;
    while (first is null && spawn.Elapsed < TimeSpan.FromMinutes(2))
        first = await server.HoverAsync(fireDay, 2, 10);
    var firstHoverMs = spawn.Elapsed.TotalMilliseconds;
    var fromInitializeMs = firstHoverMs - server.InitializeSentAtMs;
    var status = await server.WaitUntilIndexedAsync();
    // Settled: the postings "more like this" scores from are read once the index has been quiet for 2 s after the run
    // (IndexReader.PostingsQuiet), about 0.6 s; until then FTS5 answers, as the first hovers after a start find it.
    await Task.Delay(TimeSpan.FromSeconds(4));

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
    for (var i = 0; i < 20; i++)
    {
        var t = Stopwatch.StartNew();
        await server.Rpc.InvokeWithParameterObjectAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = Uri(files[random.Next(files.Length)]) } });
        lensMs.Add(t.Elapsed.TotalMilliseconds);
    }
    // journal/search with the default hybrid ranking over the question set, twice (the second time from the query cache).
    await server.Rpc.InvokeWithParameterObjectAsync<JournalResult[]>(JournalMethods.Search, new { question = "warm-up" });
    var searchMs = new List<double>();
    var repeatMs = new List<double>();
    foreach (var (question, i) in questions.Concat(questions).Select((q, i) => (q, i)))
    {
        var t = Stopwatch.StartNew();
        await server.Rpc.InvokeWithParameterObjectAsync<JournalResult[]>(JournalMethods.Search, new { question });
        (i < questions.Length ? searchMs : repeatMs).Add(t.Elapsed.TotalMilliseconds);
    }
    // An edit: the entry gains a sentence with a word found nowhere else; how long until journal/search finds it.
    var edited = Path.Combine(daily, "1663", "1663-05-01.md");
    var text = File.ReadAllText(edited);
    await server.Rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri = Uri(edited), languageId = "markdown", version = 1, text } });
    var editClock = Stopwatch.StartNew();
    await server.Rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new
    {
        textDocument = new { uri = Uri(edited), version = 2 },
        contentChanges = new[] { new { text = text + "\nToday I saw a quokkaberry parade on the river.\n" } },
    });
    var searchableMs = double.NaN;
    while (editClock.Elapsed < TimeSpan.FromSeconds(30))
    {
        var hits = await server.Rpc.InvokeWithParameterObjectAsync<JournalResult[]>(JournalMethods.Search, new { question = "quokkaberry", mode = "bm25" });
        if (hits.Any(h => h.Uri == Uri(edited))) { searchableMs = editClock.Elapsed.TotalMilliseconds; break; }
        await Task.Delay(20);
    }
    var (rss, peak) = server.Memory();
    await server.StopAsync();

    table.Section($"the server over that index ({status.Entries:N0} entries, {status.Chunks:N0} passages)");
    table.Add("first hover after a restart", $"{fromInitializeMs:F0} ms from initialize ({firstHoverMs:F0} ms from process start)");
    table.Add("first hover after a restart, 5 more restarts", $"median {Stats.Percentile(firstHovers, 50):F0} ms from initialize (min {firstHovers.Min():F0}, max {firstHovers.Max():F0})");
    table.Add($"hover, {positions} random positions ({answered} with related days)", $"p50 {Stats.Percentile(hoverMs, 50):F1} ms, p95 {Stats.Percentile(hoverMs, 95):F1} ms");
    table.Add("textDocument/codeLens, 20 random days", $"p50 {Stats.Percentile(lensMs, 50):F1} ms, p95 {Stats.Percentile(lensMs, 95):F1} ms");
    table.Add($"journal/search (ask, hybrid), {searchMs.Count} questions", $"p50 {Stats.Percentile(searchMs, 50):F1} ms, p95 {Stats.Percentile(searchMs, 95):F1} ms; asked again: p50 {Stats.Percentile(repeatMs, 50):F1} ms, p95 {Stats.Percentile(repeatMs, 95):F1} ms");
    table.Add("an edited entry searchable", $"{searchableMs:F0} ms after didChange (debounceMs 300 of it)");
    table.Add("server RSS", $"{rss / 1048576.0:F0} MB at the end, {peak / 1048576.0:F0} MB peak");
}

// The engine in process over the same index: what the ranking costs without JSON-RPC and without the client sharing
// the cores (the server's figures above minus these are the protocol, the file's parse and the contention).
using (var engine = JournalEngine.Open(new JournalEngineOptions { JournalFolder = daily, IndexPath = serverIndex }))
{
    engine.Warm();
    var clock = Stopwatch.StartNew();
    var stems = engine.LoadPostings();
    var vocabularyMs = clock.Elapsed.TotalMilliseconds;
    var random = new Random(20261203);
    var similarMs = new List<double>();
    for (var i = 0; i < positions; i++)
    {
        var file = files[random.Next(files.Length)];
        clock.Restart();
        try
        {
            engine.Similar(new SimilarQuery(Path: file, Top: 5)); // as the hovers above, by file
            similarMs.Add(clock.Elapsed.TotalMilliseconds);
        }
        catch (JournalException)
        {
            // a file without indexed text: nothing ranked, nothing timed
        }
    }
    engine.Ask("warm-up");
    var askMs = new List<double>();
    foreach (var question in questions)
    {
        clock.Restart();
        engine.Ask(question);
        askMs.Add(clock.Elapsed.TotalMilliseconds);
    }
    // A fresh engine's corpus load (warm: the files in the page cache), from the corpus file and from the tables with
    // the file moved aside, alternating, 3 of each; the server's edit above made the copied file stale, so it is
    // written first.
    var corpusFile = serverIndex + "-corpus";
    clock.Restart();
    engine.SaveCorpus();
    var saveMs = clock.Elapsed.TotalMilliseconds;
    var (fromFile, fromTables) = (new List<double>(), new List<double>());
    for (var i = 0; i < 3; i++)
        foreach (var withFile in new[] { true, false })
        {
            if (!withFile) File.Move(corpusFile, corpusFile + ".aside");
            using (var fresh = JournalEngine.Open(new JournalEngineOptions { JournalFolder = daily, IndexPath = serverIndex }))
            {
                clock.Restart();
                _ = fresh.Snapshot().Corpus;
                (withFile ? fromFile : fromTables).Add(clock.Elapsed.TotalMilliseconds);
            }
            if (!withFile) File.Move(corpusFile + ".aside", corpusFile);
        }
    table.Section("the engine in process over that index (no JSON-RPC, no client)");
    table.Add("corpus load, a fresh engine (median of 3)", $"{Stats.Percentile(fromFile, 50):F0} ms from the corpus file ({new FileInfo(corpusFile).Length / 1048576.0:F1} MB, written in {saveMs:F0} ms), {Stats.Percentile(fromTables, 50):F0} ms from the tables");
    table.Add("the vocabulary and postings for \"more like this\" (after each run)", $"{stems:N0} stems in {vocabularyMs:F0} ms");
    table.Add($"similar days (a hover's ranking and text), {positions} random files", $"p50 {Stats.Percentile(similarMs, 50):F1} ms, p95 {Stats.Percentile(similarMs, 95):F1} ms, max {similarMs.Max():F1} ms");
    table.Add($"ask (hybrid), {askMs.Count} questions", $"p50 {Stats.Percentile(askMs, 50):F1} ms, p95 {Stats.Percentile(askMs, 95):F1} ms, max {askMs.Max():F1} ms");
}

}

if (scaleEntries > 0 && Part("scale")) await Scale.RunAsync(table, corpus, work, scaleEntries);

var soakMinutes = double.Parse(Arg("--soak-minutes") ?? (quick ? "2" : "30"), System.Globalization.CultureInfo.InvariantCulture);
if (soakMinutes > 0 && Part("soak")) await Soak.RunAsync(table, daily, Path.Combine(work, "cold", "index.db"), TimeSpan.FromMinutes(soakMinutes));

table.Print($"journal-lsp benchmark, {DateTime.UtcNow:yyyy-MM-dd}");
File.WriteAllText(Path.Combine(work, "results.md"), table.Markdown($"journal-lsp benchmark, {DateTime.UtcNow:yyyy-MM-dd}"));
Console.WriteLine($"(also written to {Path.Combine(work, "results.md")})");
return 0;


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

/// <summary>Rows of the one table, in sections.</summary>
internal sealed class Table
{
    private readonly List<(string? Section, string Measure, string Value)> _rows = [];
    private string? _section;

    public void Section(string title) => _section = title;

    public void Add(string measure, string value)
    {
        _rows.Add((_section, measure, value));
        Console.Error.WriteLine($"  {measure}: {value}");
    }

    public void Print(string title)
    {
        Console.WriteLine(title);
        var width = _rows.Max(r => r.Measure.Length);
        string? section = null;
        foreach (var (s, measure, value) in _rows)
        {
            if (s != section) Console.WriteLine($"-- {section = s}");
            Console.WriteLine($"  {measure.PadRight(width)}  {value}");
        }
    }

    public string Markdown(string title)
    {
        var lines = new List<string> { $"### {title}", "", "| measure | value |", "|---|---|" };
        string? section = null;
        foreach (var (s, measure, value) in _rows)
        {
            if (s != section) lines.Add($"| **{section = s}** | |");
            lines.Add($"| {measure} | {value} |");
        }
        return string.Join('\n', lines) + "\n";
    }
}

/// <summary>The CLI and the server published as they ship (package.json, scripts/package.js): framework-dependent and
/// ReadyToRun, but for the server on linux-x64, which its .vsix carries compiled ahead of time (Native AOT).</summary>
internal static class Shipped
{
    /// <summary>Whether the server ships as a Native AOT executable here (scripts/package.js: linux-x64 packaged on linux-x64).</summary>
    public static bool NativeServer => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>The CLI as the README installs it: packed (`dotnet pack server/JournalLsp.Cli -c Release`, into
    /// .cache/bench/shipped/nupkg) and installed as a .NET tool into .cache/bench/shipped/tool; the path of the program
    /// the tool runs (the Native AOT executable, or journal-lsp.dll where the package is ReadyToRun).</summary>
    public static string Tool(string repo, string work)
    {
        var packages = Path.Combine(work, "shipped", "nupkg");
        var tools = Path.Combine(work, "shipped", "tool");
        foreach (var folder in new[] { packages, tools })
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Dotnet(repo, ["pack", Path.Combine("server", "JournalLsp.Cli"), "-c", "Release", "-o", packages, "--nologo", "-v", "q"]);
        // This version: the highest one in the user's feeds might be another's.
        var project = File.ReadAllText(Path.Combine(repo, "server", "JournalLsp.Cli", "JournalLsp.Cli.csproj"));
        var version = System.Text.RegularExpressions.Regex.Match(project, "<Version>([^<]+)</Version>").Groups[1].Value;
        Dotnet(repo, ["tool", "install", "--tool-path", tools, "--add-source", packages, "journal-lsp", "--version", version]);
        var program = Directory.GetFiles(Path.Combine(tools, ".store"), OperatingSystem.IsWindows() ? "journal-lsp.exe" : "journal-lsp",
            SearchOption.AllDirectories).Single();
        var dll = Path.Combine(Path.GetDirectoryName(program)!, "journal-lsp.dll");
        return File.Exists(dll) ? dll : program;
    }

    /// <summary>Publishes server/<paramref name="project"/> into .cache/bench/shipped/<paramref name="project"/> (ReadyToRun,
    /// or with <paramref name="nativeAot"/> Native AOT for linux-x64); the path of its <paramref name="file"/>.</summary>
    public static string Publish(string repo, string work, string project, string file, bool nativeAot = false)
    {
        var output = Path.Combine(work, "shipped", nativeAot ? project + "-aot" : project);
        string[] form = nativeAot
            ? ["-r", "linux-x64", "-p:PublishAot=true", "-p:IntermediateOutputPath=obj/aot-bench/", "-p:OutputPath=bin/aot-bench/"]
            : ["--self-contained", "false", "-p:PublishReadyToRun=true", "-p:UseAppHost=false"];
        Dotnet(repo, [.. new[] { "publish", Path.Combine("server", project), "-c", "Release" }.Concat(form)
            .Concat(["-o", output, "--nologo", "-v", "q"])]);
        return Path.Combine(output, file);
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="repo"/> to its end.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero (its output in the message).</exception>
    private static void Dotnet(string repo, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed: {stdout.Result}{stderr.Result}");
    }
}

/// <summary>A child process run to its end: its stdout, wall time and peak resident set (VmHWM, polled).</summary>
internal static class Measured
{
    /// <summary>Runs <paramref name="program"/> (a .dll on <c>dotnet</c>, or an executable) with <paramref name="args"/>.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero.</exception>
    public static (string Stdout, double Seconds, double PeakRssMb) Run(string program, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = program.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(dll ? "dotnet" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        // A command alone unless the caller asks for the daemon: one left running would answer later measurements.
        start.Environment["JOURNAL_LSP_DAEMON"] = "off";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        if (dll) start.ArgumentList.Add(program);
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(50)) peak = Math.Max(peak, Server.ReadStatus(process.Id, "VmHWM:"));
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} exited {process.ExitCode}");
        return (stdout.Result, seconds, peak / 1048576.0);
    }
}

/// <summary>The server process and a JSON-RPC client on its stdio.</summary>
internal sealed class Server(Process process, JsonRpc rpc, double initializeSentAtMs) : IAsyncDisposable
{
    public JsonRpc Rpc => rpc;

    /// <summary>
    /// The server to run: the assembly built beside the benchmark (run on dotnet), or the shipped one (<c>--shipped</c>):
    /// an assembly, or the Native AOT executable.
    /// </summary>
    public static string Binary { get; set; } = Path.Combine(AppContext.BaseDirectory, "journal-lsp-server.dll");

    /// <summary>When initialize was sent, ms after the process was started.</summary>
    public double InitializeSentAtMs => initializeSentAtMs;

    public static async Task<Server> StartAsync(string folder, object initializationOptions)
    {
        var clock = Stopwatch.StartNew();
        // A .dll runs on dotnet; the Native AOT server is its own executable.
        var native = !Binary.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(native ? Binary : "dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (!native) start.ArgumentList.Add(Binary);
        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        // The server's contracts, and reflection after them for the anonymous objects sent here.
        var json = new JsonSerializerOptions(LspJson.Options)
        {
            TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
                LspJson.Options.TypeInfoResolver, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
        };
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = json };
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
    public (long Rss, long Peak) Memory() => (ReadStatus(process.Id, "VmRSS:"), ReadStatus(process.Id, "VmHWM:"));

    /// <summary>A size field of /proc/PID/status in bytes (0 once the process is gone).</summary>
    public static long ReadStatus(int pid, string key)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(key))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).FirstOrDefault();
        }
        catch (IOException) { return 0; }
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
