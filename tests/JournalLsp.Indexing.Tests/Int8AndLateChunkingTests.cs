using System.Numerics.Tensors;
using JournalLsp.Indexing.Embeddings;

namespace JournalLsp.Indexing.Tests;

/// <summary>The int8 model against fp32, and windows pooled from their passages, on real diary text.</summary>
[Collection(nameof(EmbedderCollection))]
public class Int8AndLateChunkingTests(EmbedderFixture fixture)
{
    private static readonly Lazy<OnnxEmbeddingGenerator> s_int8 =
        new(() => OnnxEmbeddingGenerator.Create(EmbeddingModelInfo.MiniLmL6V2Int8, IndexLocation.ModelFolder()));

    // Openings of 60 days of 1666 (the first 140 words of each): real text of many lengths.
    private static List<string> Days() => Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1666"), "*.md").Order()
        .Take(60).Select(f => string.Join(' ', File.ReadAllText(f).Split(' ').Skip(2).Take(140))).ToList();

    [Fact]
    public void The_int8_model_agrees_with_fp32()
    {
        var days = Days();
        var fp32 = fixture.Embedder.Embed(days);
        var int8 = s_int8.Value.Embed(days);
        var cosines = fp32.Zip(int8, (a, b) => TensorPrimitives.Dot(a, b)).ToArray();
        // Measured: mean 0.993, min 0.986 (SmoothQuant alpha 0.7, 7-bit weights); plain per-column int8 gave 0.989 / 0.975.
        Assert.True(cosines.Average() > 0.99, $"mean cosine {cosines.Average():F4}");
        Assert.True(cosines.Min() > 0.98, $"min cosine {cosines.Min():F4}");
        Assert.All(int8, v => Assert.Equal(1f, TensorPrimitives.Norm(v), 3));
        Assert.Equal("all-MiniLM-L6-v2-int8", s_int8.Value.Model.Id);
    }

    [Fact]
    public void An_int8_vector_does_not_depend_on_what_else_is_embedded_with_it()
    {
        // Prefixes of the days' openings: many lengths, and several texts of each length (which would share a batch).
        var texts = Days().SelectMany(d => Enumerable.Range(12, 40).Select(n => string.Join(' ', d.Split(' ').Take(n)))).Distinct().ToList();
        var int8 = s_int8.Value;
        var sameLength = texts.GroupBy(int8.CountTokens).First(g => g.Count() >= 4).Take(4).ToList();
        var mixed = texts.GroupBy(int8.CountTokens).Select(g => g.First()).Take(8).ToList();
        foreach (var group in new[] { sameLength, mixed })
        {
            var together = int8.Embed(group);
            for (var i = 0; i < group.Count; i++)
                Assert.Equal(1f, TensorPrimitives.Dot(together[i], int8.Embed([group[i]])[0]), 5);
        }
    }

    [Fact]
    public void Windows_pooled_from_their_passage_read_like_their_own_text()
    {
        var day = File.ReadAllText(Path.Combine(TestData.Pepys, "daily", "1666", "1666-09-02.md")).Split(' ');
        string Words(int from, int count) => string.Join(' ', day.Skip(from).Take(count));
        string[] passages = [Words(0, 140), Words(130, 140)];
        string[] windows = [Words(0, 45), Words(40, 45), Words(120, 30), Words(200, 45), Words(900, 45)];
        var (p, w) = fixture.Embedder.EmbedWithWindows([(passages, windows)])[0];

        // A passage's vector is the same as embedding it alone; a window's is pooled from the passage's tokens.
        var alone = fixture.Embedder.Embed(passages);
        Assert.All(p.Zip(alone), pair => Assert.Equal(1f, TensorPrimitives.Dot(pair.First, pair.Second), 4));
        var own = fixture.Embedder.Embed(windows);
        for (var i = 0; i < 4; i++)
        {
            var self = TensorPrimitives.Dot(w[i], own[i]);
            Assert.True(self > 0.5f, $"window {i}: cosine {self:F3} to its text embedded alone"); // window 1 measured 0.596: pooled in context, not alone
            Assert.True(w.Where((_, j) => j != i && j < 4).All(other => TensorPrimitives.Dot(other, own[i]) < self), $"window {i} is nearest its own text");
        }
        // Text from elsewhere in the day, in no passage: embedded alone, exactly as Embed does.
        Assert.Equal(1f, TensorPrimitives.Dot(w[4], own[4]), 4);

        // Several entries at once (their passages batched together) give what each gives alone, in both models.
        string[] other = [Words(300, 120)];
        foreach (var embedder in new[] { fixture.Embedder, s_int8.Value })
        {
            var both = embedder.EmbedWithWindows([(passages, windows), (other, [Words(300, 40), Words(330, 40)])]);
            var first = embedder.EmbedWithWindows([(passages, windows)])[0];
            Assert.All(both[0].Passages.Zip(first.Passages).Concat(both[0].Windows.Zip(first.Windows)),
                pair => Assert.Equal(1f, TensorPrimitives.Dot(pair.First, pair.Second), 4));
            Assert.Equal((1, 2), (both[1].Passages.Length, both[1].Windows.Length));
        }
    }
}

/// <summary>Stored vectors are int8 with a scale: 388 bytes for 384 dimensions, and what comes back is the vector.</summary>
[Collection(nameof(EmbedderCollection))]
public class VectorCodecTests(EmbedderFixture fixture)
{
    // What the corpus load does with a stored vector (VectorCodec.TryRead), decoded here to compare.
    private static bool TryDecode(byte[] stored, float[] back)
    {
        if (!Storage.VectorCodec.TryRead(stored, back.Length, out var codes, out var scale)) return false;
        for (var i = 0; i < back.Length; i++) back[i] = codes[i] * scale;
        return true;
    }

    [Fact]
    public void A_stored_vector_comes_back_within_1e_4_of_cosine()
    {
        var days = Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1661"), "*.md").Order().Take(40).Select(File.ReadAllText).ToList();
        var vectors = fixture.Embedder.Embed(days);
        // Most vectors' largest component is negative: the scale must come from its magnitude (a bug once zeroed them).
        Assert.Contains(vectors, v => TensorPrimitives.MaxMagnitude(v) < 0);
        var back = new float[384];
        foreach (var v in vectors)
        {
            var stored = Storage.VectorCodec.Encode(v);
            Assert.Equal(388, stored.Length);
            Assert.True(TryDecode(stored, back));
            Assert.True(TensorPrimitives.Dot(v, back) > 0.9999f, $"cosine {TensorPrimitives.Dot(v, back)}");
            Assert.Equal(1f, TensorPrimitives.Norm(back), 4);
        }
        // Another model's size, an fp32 vector of an old index, or nothing at all: not a vector here.
        Assert.False(TryDecode(new byte[4 + 128], back));
        Assert.False(TryDecode(new byte[384 * 4], back));
        Assert.False(TryDecode(new byte[388], back));
    }
}

/// <summary>No wasted work: a question asked again skips the model; a one-file update collects only its own old vectors.</summary>
[Collection(nameof(EmbedderCollection))]
public class WastedWorkTests
{
    /// <summary>The shared model, counting what reaches it.</summary>
    private sealed class Counting : ITextEmbedder
    {
        private readonly OnnxEmbeddingGenerator _inner = SharedModel.Instance;
        public int Queries;
        public EmbeddingModelInfo Model => _inner.Model;
        public int CountTokens(string text) => _inner.CountTokens(text);
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => _inner.Embed(texts, cancellationToken);
        public IReadOnlyList<(float[][] Passages, float[][] Windows)> EmbedWithWindows(
            IReadOnlyList<(IReadOnlyList<string> Passages, IReadOnlyList<string> Windows)> entries, CancellationToken cancellationToken = default) =>
            _inner.EmbedWithWindows(entries, cancellationToken);
        public float[] EmbedQuery(string question) { Interlocked.Increment(ref Queries); return _inner.EmbedQuery(question); }
        public Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            _inner.GenerateAsync(values, options, cancellationToken);
        public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);
        public void Dispose() { }
    }

    [Fact]
    public void A_question_asked_again_is_not_embedded_again()
    {
        using var folder = new TempFolder();
        folder.Write("2024-05-01.md", "# 2024-05-01\n\nThe swifts came back over the allotment this morning.\n");
        var counting = new Counting();
        using var engine = folder.OpenEngine(counting);
        engine.Index();
        var first = engine.Ask("birds returning in spring");
        var again = engine.Ask("birds returning in spring");
        Assert.Equal(1, counting.Queries);
        Assert.Equal(first.Select(r => r.Score), again.Select(r => r.Score));
        engine.Ask("a quarrel at the office");
        Assert.Equal(2, counting.Queries);
    }

    [Fact]
    public void A_one_file_update_drops_its_old_vectors_and_keeps_one_another_file_shares()
    {
        using var folder = new TempFolder();
        const string shared = "Walked along the river to the old mill and back before breakfast.";
        folder.Write("2024-05-01.md", $"# 2024-05-01\n\n{shared}\n");
        folder.Write("2024-05-02.md", $"# 2024-05-02\n\n{shared}\n");
        folder.Write("2024-05-03.md", "# 2024-05-03\n\nRain all day; read by the fire.\n");
        using var engine = folder.OpenEngine();
        engine.Index();
        (long Vectors, long Orphans) Count()
        {
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={folder.IndexPath};Mode=ReadOnly;Pooling=false");
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                SELECT (SELECT count(*) FROM embeddings),
                       (SELECT count(*) FROM embeddings WHERE key NOT IN (SELECT embedding_key FROM chunks UNION SELECT embedding_key FROM windows))
                """;
            using var r = cmd.ExecuteReader();
            r.Read();
            return (r.GetInt64(0), r.GetInt64(1));
        }
        Assert.Equal((2L, 0L), Count()); // the shared passage once, the rainy day once

        // The first day is rewritten: its old vector is still the second day's, so it stays; the new one joins it.
        Assert.Equal(FileUpdateKind.Indexed, engine.UpdateFile("2024-05-01.md", "# 2024-05-01\n\nA new day of its own: the swifts came back.\n").Kind);
        Assert.Equal((3L, 0L), Count());
        // The rainy day is rewritten: its old vector is no one's, so it goes.
        engine.UpdateFile("2024-05-03.md", "# 2024-05-03\n\nSun at last; the garden steamed.\n");
        Assert.Equal((3L, 0L), Count());
        engine.RemoveFile("2024-05-02.md");
        Assert.Equal((2L, 0L), Count()); // the shared passage had no one left
    }
}
