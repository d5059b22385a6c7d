// Micro-benchmarks of the search side's inner loops (BenchmarkDotNet), on random unit vectors:
//   dotnet run -c Release --project bench/JournalLsp.Micro -- --filter '*'
// The end-to-end numbers (model, index, server, scale) come from bench/JournalLsp.Server.Bench.
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using JournalLsp.Core.Search;

// Reports go to .cache/bench/micro (ignored by git), not to a BenchmarkDotNet.Artifacts folder in the repository.
BenchmarkSwitcher.FromAssembly(typeof(Rows).Assembly).Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.Combine(".cache", "bench", "micro")));

/// <summary>One 384-d dot product: float rows against int8 rows widened on the fly.</summary>
[ShortRunJob]
public class Rows
{
    private float[] _float = [], _query = [];
    private Int8Rows _int8 = Int8Rows.Empty(384);

    [GlobalSetup]
    public void Setup()
    {
        _float = Vectors.Random(1, 384, seed: 1);
        _query = Vectors.Random(1, 384, seed: 2);
        _int8 = Int8Rows.FromFloats(_float, 384);
    }

    [Benchmark(Baseline = true)]
    public float Float() => TensorPrimitives.Dot(_float, _query);

    [Benchmark]
    public float Int8() => _int8.Dot(0, _query);
}

/// <summary>
/// Dense ranking of a 100,000-day corpus (2 passages a day): every row scored, or a date filter of one year that
/// skips the other rows before scoring them.
/// </summary>
[ShortRunJob]
public class Ranking
{
    private SearchCorpus _corpus = null!;
    private float[] _query = [];

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Vectors.Corpus(days: 100_000, perDay: 2, new DateOnly(1700, 1, 1), seed: 3);
        _query = Vectors.Random(1, 384, seed: 4);
    }

    [Benchmark(Baseline = true)]
    public int All() => DenseRanker.Rank(_corpus, _query, 10).Count;

    [Benchmark]
    public int OneYear() => DenseRanker.Rank(_corpus, _query, 10, e => e.Date?.Year == 1750).Count;
}

/// <summary>
/// "Find similar days" dense scoring (MaxSim: every chunk of the source against every chunk) on a Pepys-sized corpus:
/// 3,413 days of 3 chunks, a source of 1, 3, 12 or 30 chunks.
/// </summary>
[ShortRunJob]
public class Similar
{
    private SearchCorpus _corpus = null!;
    private int[] _source = [];

    [Params(1, 3, 12, 30)]
    public int SourceChunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Vectors.Corpus(days: 3413, perDay: 3, new DateOnly(1660, 1, 1), seed: 5);
        _source = [.. Enumerable.Range(100, SourceChunks)];
    }

    [Benchmark]
    public int MaxSim() => DenseRanker.ScoreSimilar(_corpus, _source).Count;
}

internal static class Vectors
{
    /// <summary>A corpus of one entry a day from <paramref name="start"/> (30 to a file), each of <paramref name="perDay"/> random 384-d chunks.</summary>
    public static SearchCorpus Corpus(int days, int perDay, DateOnly start, int seed)
    {
        var entries = Enumerable.Range(0, days).Select(i => new EntryInfo(i, $"{i / 30}.md", start.AddDays(i), 0, 1, "")).ToList();
        var chunks = Enumerable.Range(0, days * perDay).Select(i => new ChunkInfo(i, i / perDay, 0, 1)).ToList();
        return new SearchCorpus(entries, chunks, Random(days * perDay, 384, seed), 384);
    }

    /// <summary>float[count x dimensions] of random unit rows.</summary>
    public static float[] Random(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var rows = new float[count * dimensions];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)(random.NextDouble() * 2 - 1);
        for (var r = 0; r < count; r++)
        {
            var row = rows.AsSpan(r * dimensions, dimensions);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return rows;
    }
}
