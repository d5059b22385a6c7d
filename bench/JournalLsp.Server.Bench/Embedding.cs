using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json;
using JournalLsp.Core.Chunking;
using JournalLsp.Core.Journal;
using JournalLsp.Indexing.Embeddings;

/// <summary>
/// Embedding throughput on the diary's own passages: ours in fp32 and int8, the plain approach, and the peer
/// (transformers.js), each on the same texts in the same run.
/// </summary>
internal static class Embedding
{
    /// <summary>Every passage the indexer embeds for the diary (192-token chunks of each entry), in file order.</summary>
    public static List<string> Passages(string daily, ITextEmbedder counter)
    {
        var chunker = new EntryChunker(counter.CountTokens, new ChunkerOptions());
        var result = new List<string>();
        foreach (var file in Directory.GetFiles(daily, "*.md", SearchOption.AllDirectories).Order())
            foreach (var entry in JournalParser.Parse(Path.GetRelativePath(daily, file), File.ReadAllText(file), "private").Entries)
                result.AddRange(chunker.Chunk(entry).Select(c => c.Text).Where(t => !string.IsNullOrWhiteSpace(t)));
        return result;
    }

    /// <summary>
    /// The plain approach the issue names: each entry's paragraphs (blank-line separated) cut to at most 180 words, each
    /// embedded alone (batch 1) by fp32 ONNX Runtime, 256 tokens, mean pooling. Returns (chunks, seconds, tokens).
    /// </summary>
    public static (int Chunks, double Seconds, long Tokens) Plain(string daily, OnnxEmbeddingGenerator fp32)
    {
        var clock = Stopwatch.StartNew();
        var chunks = 0;
        long tokens = 0;
        foreach (var file in Directory.GetFiles(daily, "*.md", SearchOption.AllDirectories).Order())
        {
            var body = JournalParser.Parse(Path.GetRelativePath(daily, file), File.ReadAllText(file), "private").Entries.Select(e => e.Body);
            foreach (var paragraph in body.SelectMany(b => b.Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries)))
            {
                var words = paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                for (var at = 0; at < words.Length; at += 180)
                {
                    var text = string.Join(' ', words.Skip(at).Take(180));
                    fp32.Embed([text]);
                    chunks++;
                    tokens += Math.Min(fp32.CountTokens(text) + 2, 256);
                }
            }
        }
        return (chunks, clock.Elapsed.TotalSeconds, tokens);
    }

    /// <summary>Real tokens (no padding) per second over <paramref name="texts"/>, best of <paramref name="repeats"/>.</summary>
    public static (double TokensPerSecond, double MeanTokens, float[][] Vectors) Throughput(OnnxEmbeddingGenerator embedder, List<string> texts, int repeats)
    {
        embedder.Embed(texts.Take(16).ToList()); // warm-up
        var tokens = texts.Sum(t => (long)Math.Min(embedder.CountTokens(t) + 2, embedder.Model.MaxTokens));
        var best = double.MaxValue;
        float[][] vectors = [];
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            vectors = embedder.Embed(texts);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return (tokens / best, (double)tokens / texts.Count, vectors);
    }

    /// <summary>
    /// MiniLM-L6's FLOPs for one token of a text of <paramref name="length"/> tokens: 6 layers of 4·d² + 2·d·d_ff
    /// multiply-adds (21.2 MFLOP) plus attention's 4·L·d per layer (models.md §7).
    /// </summary>
    public static double FlopsPerToken(double length) => 6 * (2 * (4.0 * 384 * 384 + 2.0 * 384 * 1536) + 4 * length * 384);

    /// <summary>Mean and min cosine between two lists of unit vectors.</summary>
    public static (double Mean, double Min) Agreement(float[][] a, float[][] b)
    {
        var cos = a.Zip(b, (x, y) => (double)TensorPrimitives.Dot(x, y)).ToArray();
        return (cos.Average(), cos.Min());
    }

    /// <summary>
    /// transformers.js (@huggingface/transformers, the engine of Obsidian Smart Connections) on the same texts, fully
    /// offline: npm installs it into <paramref name="work"/> once, the model folder is built from our packaged
    /// model.onnx and vocab.txt (bench/peer/embed.mjs), one text at a time, 256 tokens, mean pooling.
    /// Returns null (with the reason printed) when node or npm cannot provide it.
    /// </summary>
    public static (double Seconds, long Tokens, float[][] Sample)? Peer(string repo, string work, string modelOnnx, List<string> texts, int threads)
    {
        Directory.CreateDirectory(work);
        if (!Directory.Exists(Path.Combine(work, "node_modules", "@huggingface", "transformers")))
        {
            Console.Error.WriteLine("installing @huggingface/transformers (once) ...");
            if (Exec("npm", ["install", "--prefix", work, "--no-audit", "--no-fund", "--loglevel=error", "@huggingface/transformers@4.3.1"], repo) != 0)
            {
                Console.Error.WriteLine("npm install failed: no peer numbers");
                return null;
            }
        }
        var model = EmbeddingModelInfo.MiniLmL6V2;
        var modelDir = Path.Combine(work, "models", "all-MiniLM-L6-v2");
        Directory.CreateDirectory(Path.Combine(modelDir, "onnx"));
        File.Copy(model.VocabPath, Path.Combine(work, "vocab.txt"), overwrite: true);
        var input = Path.Combine(work, "texts.json");
        var output = Path.Combine(work, "result.json");
        File.WriteAllText(input, JsonSerializer.Serialize(texts));
        var script = Path.Combine(repo, "bench", "peer", "embed.mjs");
        if (Exec("node", [script, work, modelOnnx, input, output, threads.ToString()], work) != 0) return null;
        using var result = JsonDocument.Parse(File.ReadAllText(output));
        var root = result.RootElement;
        var sample = root.GetProperty("sample").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray();
        return (root.GetProperty("seconds").GetDouble(), root.GetProperty("tokens").GetInt64(), sample);
    }

    private static int Exec(string file, string[] args, string cwd)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = cwd };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"{file}: {e.Message}");
            return -1;
        }
    }
}
