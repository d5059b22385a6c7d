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
    public void An_int8_vector_does_not_depend_on_its_batch_mates()
    {
        // int8 quantises each batch's activations together, padding included: texts of other lengths never share a run.
        var days = Days().Take(12).ToList();
        var batch = s_int8.Value.Embed(days);
        for (var i = 0; i < days.Count; i++)
            Assert.Equal(1f, TensorPrimitives.Dot(batch[i], s_int8.Value.Embed([days[i]])[0]), 5);
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
            Assert.True(Storage.VectorCodec.TryDecode(stored, back));
            Assert.True(TensorPrimitives.Dot(v, back) > 0.9999f, $"cosine {TensorPrimitives.Dot(v, back)}");
            Assert.Equal(1f, TensorPrimitives.Norm(back), 4);
        }
        // Another model's size, an fp32 vector of an old index, or nothing at all: not a vector here.
        Assert.False(Storage.VectorCodec.TryDecode(new byte[4 + 128], back));
        Assert.False(Storage.VectorCodec.TryDecode(new byte[384 * 4], back));
        Assert.False(Storage.VectorCodec.TryDecode(new byte[388], back));
    }
}
