using System.Diagnostics;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Indexing.Embeddings;
using Microsoft.Extensions.AI;

/// <summary>
/// Search at scale: a synthetic journal of N days (month files with a <c>## YYYY-MM-DD</c> heading per day, each day
/// 150 words recombined from two paragraphs of the diary drawn at random), indexed through the engine with random unit vectors instead of the
/// model (the search side does not care what the vectors mean), then measured in a child process of its own so its
/// RSS is the engine's alone: corpus load, ask and similar days (what a hover runs), RSS, index size,
/// and one edited file until the snapshot holds it.
/// </summary>
internal static class Scale
{
    public static async Task RunAsync(Table table, string corpus, string work, int days)
    {
        var journal = Path.Combine(work, $"synthetic-{days}");
        if (!Directory.Exists(journal)) Write(Path.Combine(corpus, "daily"), journal, days);
        var index = Path.Combine(work, $"synthetic-{days}.db");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "journal-lsp-server-bench.dll"), "--scale-child", journal, index })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        using var result = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var r = result.RootElement;
        table.Section($"scale: a synthetic journal of {r.GetProperty("entries").GetInt32():N0} days ({r.GetProperty("chunks").GetInt32():N0} passages, {r.GetProperty("windows").GetInt32():N0} windows), random unit vectors");
        table.Add("index on disk", $"{r.GetProperty("indexMb").GetDouble():F0} MB (built in {r.GetProperty("indexSeconds").GetDouble():F0} s without the model)");
        table.Add("corpus load (first use after open)", $"{r.GetProperty("loadMs").GetDouble():F0} ms; the first ask after it {r.GetProperty("firstAskMs").GetDouble():F0} ms");
        table.Add("corpus load from the corpus file", $"{r.GetProperty("fileLoadMs").GetDouble():F0} ms ({r.GetProperty("corpusFileMb").GetDouble():F0} MB, written in {r.GetProperty("saveMs").GetDouble():F0} ms)");
        table.Add("one edited file: commit, then the snapshot updated", $"{r.GetProperty("commitMs").GetDouble():F0} ms, then {r.GetProperty("updateMs").GetDouble():F0} ms (median of 5)");
        table.Add("ask (hybrid), 50 questions", $"p50 {r.GetProperty("askP50").GetDouble():F1} ms, p95 {r.GetProperty("askP95").GetDouble():F1} ms");
        table.Add("similar days + related count (a hover), 50 days", $"p50 {r.GetProperty("hoverP50").GetDouble():F1} ms, p95 {r.GetProperty("hoverP95").GetDouble():F1} ms");
        table.Add("RSS", $"{r.GetProperty("searchedMb").GetDouble():F0} MB after ask and hover, {r.GetProperty("rssMb").GetDouble():F0} MB after the edits, {r.GetProperty("peakMb").GetDouble():F0} MB peak");
    }

    /// <summary>The child: index (once), then measure; prints one JSON line.</summary>
    public static int Child(string journal, string index)
    {
        var embedder = new RandomEmbedder();
        var options = new JournalEngineOptions { JournalFolder = journal, IndexPath = index, Embedder = embedder, Model = embedder.Model };
        var clock = Stopwatch.StartNew();
        using (var engine = JournalEngine.Open(options)) engine.Index();
        var indexSeconds = clock.Elapsed.TotalSeconds;
        GC.Collect();

        File.Delete(index + "-corpus"); // the load below is the tables'; the corpus file's is measured at the end
        using var reopened = JournalEngine.Open(options);
        var status = reopened.Status();
        clock.Restart();
        reopened.OnThisDay(new DateOnly(1800, 1, 1)); // the first use of the corpus loads it; nothing else to do
        var loadMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        reopened.Ask("warm-up question");
        var firstAskMs = clock.Elapsed.TotalMilliseconds;
        var random = new Random(5);
        var ask = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            clock.Restart();
            reopened.Ask($"question number {i} about the river", new AskOptions(Top: 10));
            ask.Add(clock.Elapsed.TotalMilliseconds);
        }
        var first = new DateOnly(1700, 1, 1);
        var hover = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var day = first.AddDays(random.Next(status.Entries));
            clock.Restart();
            reopened.Similar(new SimilarQuery(Date: day, Top: 5));
            reopened.RelatedCount(new SimilarQuery(Date: day));
            hover.Add(clock.Elapsed.TotalMilliseconds);
        }
        // One edited month file (a day's text appended, in memory as an editor sends it): the commit, then the first
        // use of the snapshot after it, which replaces that file's rows instead of loading the corpus again.
        using var self = Process.GetCurrentProcess();
        var searchedMb = self.WorkingSet64 / 1048576.0;
        var month = Directory.GetFiles(journal, "*.md", SearchOption.AllDirectories).Order().ElementAt(status.Files / 2);
        var edited = File.ReadAllText(month) + "\n## 1999-12-31\n\nA new day written in the editor, about the river and the Navy office.\n";
        var commits = new List<double>();
        var updates = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            clock.Restart();
            reopened.UpdateFile(month, edited + new string('!', i + 1));
            commits.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            reopened.OnThisDay(new DateOnly(1800, 1, 1));
            updates.Add(clock.Elapsed.TotalMilliseconds);
        }
        self.Refresh();
        var (rssMb, peakMb) = (self.WorkingSet64 / 1048576.0, self.PeakWorkingSet64 / 1048576.0);
        var size = new[] { index, index + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        // Last, as it holds a second corpus: the corpus file written, then a fresh engine's load from it.
        clock.Restart();
        reopened.SaveCorpus();
        var saveMs = clock.Elapsed.TotalMilliseconds;
        double fileLoadMs;
        using (var again = JournalEngine.Open(options))
        {
            clock.Restart();
            again.OnThisDay(new DateOnly(1800, 1, 1));
            fileLoadMs = clock.Elapsed.TotalMilliseconds;
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            entries = status.Entries, chunks = status.Chunks, windows = status.Windows, indexMb = size / 1048576.0, indexSeconds, loadMs, firstAskMs,
            commitMs = Stats.Percentile(commits, 50), updateMs = Stats.Percentile(updates, 50), askP50 = Stats.Percentile(ask, 50), askP95 = Stats.Percentile(ask, 95), hoverP50 = Stats.Percentile(hover, 50), hoverP95 = Stats.Percentile(hover, 95),
            searchedMb, rssMb, peakMb, saveMs, corpusFileMb = new FileInfo(index + "-corpus").Length / 1048576.0, fileLoadMs,
        }));
        return 0;
    }


    // Month files from 1700-01: each day 150 words from two random paragraphs of the diary (a fixed seed, so every run
    // is the same).
    private static void Write(string daily, string journal, int days)
    {
        var paragraphs = Directory.GetFiles(daily, "*.md", SearchOption.AllDirectories).Order()
            .SelectMany(f => File.ReadAllText(f).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
            .Where(p => p.Split(' ').Length >= 75).ToArray();
        var random = new Random(100_000);
        var temp = journal + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        var day = new DateOnly(1700, 1, 1);
        StringBuilder? month = null;
        void Flush(DateOnly d)
        {
            if (month is null) return;
            var folder = Path.Combine(temp, d.Year.ToString());
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{d:yyyy-MM}.md"), month.ToString());
        }
        for (var i = 0; i < days; i++, day = day.AddDays(1))
        {
            if (day.Day == 1) { Flush(day.AddDays(-1)); month = new StringBuilder($"# {day:MMMM yyyy}\n\n"); }
            // The first 75 words of one paragraph and the last 75 of another: 150 words, a typical day's entry.
            var head = paragraphs[random.Next(paragraphs.Length)].Split(' ');
            var tail = paragraphs[random.Next(paragraphs.Length)].Split(' ');
            month!.Append($"## {day:yyyy-MM-dd}\n\n{string.Join(' ', head.Take(75))}\n\n{string.Join(' ', tail.TakeLast(75))}\n\n");
        }
        Flush(day.AddDays(-1));
        Directory.Move(temp, journal);
    }

    /// <summary>Random unit vectors keyed by the text's hash (the same text, the same vector); tokens counted as words x 1.3.</summary>
    private sealed class RandomEmbedder : ITextEmbedder
    {
        public EmbeddingModelInfo Model { get; } = EmbeddingModelInfo.MiniLmL6V2 with { Id = "random-384" };

        public int CountTokens(string text) => (int)(text.AsSpan().Count(' ') * 1.3) + 1;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            texts.Select(Vector).ToArray();

        public float[] EmbedQuery(string question) => Vector(question);

        private static float[] Vector(string text)
        {
            var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
            var v = new float[384];
            for (var i = 0; i < v.Length; i++) v[i] = (float)(random.NextDouble() * 2 - 1);
            TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
            return v;
        }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Vector(v)))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
