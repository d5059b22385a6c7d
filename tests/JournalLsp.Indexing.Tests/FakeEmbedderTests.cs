using JournalLsp.Indexing.Embeddings;
using Microsoft.Extensions.AI;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// The engine takes its embedder through its options: a deterministic bag-of-words stand-in (no ONNX Runtime, no
/// model file) indexes and answers, so engine behaviour can be tested without the 91 MB model.
/// </summary>
public sealed class FakeEmbedderTests
{
    [Fact]
    public void The_engine_indexes_and_answers_with_any_embedder()
    {
        using var folder = new TempFolder();
        folder.Write("2024-03-01.md", "# 2024-03-01\n\nPlanted the broad beans in the rain.\n");
        folder.Write("2024-03-20.md", "# 2024-03-20\n\nFiled the tax return and sorted receipts.\n");
        folder.Write("2024-06-20.md", "# 2024-06-20\n\nPicked the first broad beans; the garden is a jungle.\n");
        var fake = new BagOfWordsEmbedder();
        using var engine = folder.OpenEngine(fake);

        var summary = engine.Index();
        Assert.Equal((3, 3), (summary.Entries, summary.Embedded));
        Assert.Equal("bag-of-words-64", engine.ModelId);
        Assert.True(fake.Embedded >= 3, "the engine embedded through the given embedder");

        Assert.Equal(new DateOnly(2024, 3, 20), engine.Ask("receipts and the tax return", new AskOptions(Top: 1)).Single().Date);
        var similar = engine.Similar(new SimilarQuery(Date: new DateOnly(2024, 3, 1), Top: 1));
        Assert.Equal(new DateOnly(2024, 6, 20), similar.Single().Date); // shares "broad beans"
    }

    /// <summary>Hashes each lower-cased word into one of 64 dimensions; L2-normalised. Deterministic, instant.</summary>
    private sealed class BagOfWordsEmbedder : ITextEmbedder
    {
        public int Embedded;

        public EmbeddingModelInfo Model { get; } = EmbeddingModelInfo.MiniLmL6V2 with { Id = "bag-of-words-64", Dimensions = 64 };

        public int CountTokens(string text) => Words(text).Count();

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref Embedded, texts.Count);
            return texts.Select(Vector).ToArray();
        }

        public float[] EmbedQuery(string question) => Vector(question);

        private float[] Vector(string text)
        {
            var v = new float[Model.Dimensions];
            foreach (var word in Words(text)) v[(int)((uint)StableHash(word) % (uint)v.Length)] += 1;
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return norm == 0 ? v : v.Select(x => x / norm).ToArray();
        }

        private static IEnumerable<string> Words(string text) =>
            text.ToLowerInvariant().Split([' ', '.', ',', ';', '\n', '#'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3);

        private static int StableHash(string s)
        {
            var h = 17;
            foreach (var c in s) h = unchecked(h * 31 + c);
            return h;
        }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(Embed(values.ToList(), cancellationToken).Select(v => new Embedding<float>(v))));

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose() { }
    }
}
