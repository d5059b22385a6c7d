using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Numerics.Tensors;
using System.Text;
using FastBertTokenizer;
using JournalLsp.Core.Chunking;
using Microsoft.Extensions.AI;
using JournalLsp.Indexing.Privacy;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// Local sentence embeddings: FastBertTokenizer on the model's own vocab.txt (it matches the Hugging Face reference
/// tokenizer exactly), ONNX Runtime on CPU, pooling as the model card prescribes, then L2 normalisation.
/// Each vector is float[<see cref="EmbeddingModelInfo.Dimensions"/>] with unit length. Inputs are sorted by length and
/// run in small batches, so padding wastes almost nothing (an int8 model runs one text at a time); the batches run
/// side by side, one core each (<see cref="Create"/>).
/// Nothing leaves the machine.
/// </summary>
public sealed class OnnxEmbeddingGenerator : ITextEmbedder
{
    // Batches of up to 8 texts and 2,048 padded tokens: on 2 cores larger batches are slower (models.md §3a).
    private const int MaxBatchTexts = 8;
    private const int MaxBatchTokens = 2048;
    private static readonly string[] s_inputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] s_outputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly int _workers; // batches run side by side: the threads Create was given (1 when not side by side)
    private readonly BertTokenizer _tokenizer;
    private readonly EmbeddingGeneratorMetadata _metadata;
    [ThreadStatic] private static long[]? t_countIds;
    [ThreadStatic] private static long[]? t_countMask;

    private OnnxEmbeddingGenerator(EmbeddingModelInfo model, InferenceSession session, int workers, BertTokenizer tokenizer)
    {
        Model = model;
        _session = session;
        _workers = workers;
        _tokenizer = tokenizer;
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime-local", null, model.Id, model.Dimensions);
    }

    /// <summary>The model this generator runs.</summary>
    public EmbeddingModelInfo Model { get; }

    /// <summary>
    /// Loads <paramref name="model"/>: the ONNX graph is unpacked once to <paramref name="cacheFolder"/> (ONNX Runtime
    /// maps a file with less memory than a managed copy) and the vocabulary is read from its file.
    /// </summary>
    /// <param name="model">Which shipped model.</param>
    /// <param name="cacheFolder">Folder for the unpacked fp32 model (about 91 MB), or for the int8 model quantised from
    /// it (about 59 MB; made once, in a few seconds).</param>
    /// <param name="threads">Cores to use; defaults to all of them.</param>
    /// <param name="textsSideBySide">True (the default): the session runs on the calling thread (one intra-op thread)
    /// and up to <paramref name="threads"/> batches run at once, one per core. One 60-token text is too small a
    /// MatMul to share between cores: int8 one text at a time ran the diary's passages x1.55-1.61 faster this way than
    /// as one run on 2 intra-op threads, with the same vectors (min cosine 1.000000); fp32 batches of 8 x1.00-1.04
    /// (2-core EPYC with VNNI, 2026-12-02). False: one run at a time on <paramref name="threads"/> intra-op threads
    /// (the benchmark's plain approach).</param>
    /// <exception cref="InvalidOperationException">When the model's files are missing from this installation.</exception>
    public static OnnxEmbeddingGenerator Create(EmbeddingModelInfo model, string cacheFolder, int? threads = null, bool textsSideBySide = true) =>
        Start(model, options => Load(model, options.Tokenizer, cacheFolder, options.Session), threads, textsSideBySide);

    /// <summary>
    /// A generator that runs the ONNX file at <paramref name="onnxPath"/> in place of the shipped model, with the
    /// model's vocabulary, pooling and limits: how tests hold the shipped form against the package's fp32 original.
    /// </summary>
    internal static OnnxEmbeddingGenerator CreateFromFile(EmbeddingModelInfo model, string onnxPath, int? threads = null) =>
        Start(model, options => new InferenceSession(onnxPath, options.Session), threads, textsSideBySide: true);

    private static OnnxEmbeddingGenerator Start(EmbeddingModelInfo model, Func<(BertTokenizer Tokenizer, SessionOptions Session), InferenceSession> load,
        int? threads, bool textsSideBySide)
    {
        NoTelemetry.DisableOnnxRuntimeEvents(); // before the session: its creation is the first use of ONNX Runtime
        var tokenizer = new BertTokenizer();
        using (var reader = new StreamReader(OpenFile(model.VocabPath), Encoding.UTF8))
            tokenizer.LoadVocabulary(reader, true, "[UNK]", "[CLS]", "[SEP]", "[PAD]", NormalizationForm.FormD);
        var cores = Math.Max(1, threads ?? Environment.ProcessorCount);
        var workers = textsSideBySide ? cores : 1;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = textsSideBySide ? 1 : cores,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        using (NativeWork.Scope())
            session = load((tokenizer, options));
        NativeHeap.Trim(); // the parse's buffers: 38 MB of the fp32 model's (NativeHeap)
        return new OnnxEmbeddingGenerator(model, session, workers, tokenizer);
    }

    private static InferenceSession Load(EmbeddingModelInfo model, BertTokenizer tokenizer, string cacheFolder, SessionOptions options)
    {
        string Cached() => model.Precision == ModelPrecision.Fp32 ? UnpackedModel(model, cacheFolder) : QuantisedModel(model, tokenizer, cacheFolder);
        var path = Cached();
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException)
        {
            // A damaged cache file (a disk full while it was written, its tables gone): write it again, once.
            ModelFile.Delete(path);
            return new InferenceSession(Cached(), options);
        }
    }

    /// <summary>
    /// Counts model tokens in <paramref name="text"/> without [CLS] and [SEP]. Counts above 4,094 are reported as 4,094
    /// (enough to decide that a text needs chunking).
    /// </summary>
    public int CountTokens(string text)
    {
        var ids = t_countIds ??= new long[4096];
        var mask = t_countMask ??= new long[4096];
        return Math.Max(0, _tokenizer.Encode(text, ids, mask, padTo: null) - 2);
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var vectors = Embed(texts, cancellationToken);
        var created = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var v in vectors)
            result.Add(new Embedding<float>(v) { ModelId = Model.Id, CreatedAt = created });
        return Task.FromResult(result);
    }

    /// <summary>Embeds a question: adds the model's query prefix, then one float[dimensions] unit vector.</summary>
    public float[] EmbedQuery(string question) => Embed([Model.QueryPrefix + question], CancellationToken.None)[0];

    /// <summary>
    /// Embeds passages: float[texts.Count][dimensions], each L2-normalised, in input order. Texts longer than the
    /// model limit are truncated (keeping [SEP]), so callers chunk first.
    /// </summary>
    /// <exception cref="OperationCanceledException">When cancelled between batches.</exception>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var encoded = texts.Select(Encode).ToArray();
        var output = new float[texts.Count][];
        Run(encoded, (text, states, tokens) => output[text] = Pool(states, 0, tokens), cancellationToken);
        return output;
    }

    /// <summary>
    /// Late chunking (<see cref="LateChunking"/>): one model run per passage gives the passage's vector (mean of all
    /// its token states) and, pooled from the same states, the vector of every window of its entry found in it; a
    /// window no passage holds at least half of is embedded on its own. The passages of all the entries are sorted by
    /// length and batched together (int8 one at a time), as <see cref="Embed"/> does. Per entry, both
    /// float[n][dimensions], L2-normalised, in input order. A [CLS]-pooled model has no token states to share: it
    /// embeds windows on their own.
    /// </summary>
    /// <exception cref="OperationCanceledException">When cancelled between batches.</exception>
    public IReadOnlyList<(float[][] Passages, float[][] Windows)> EmbedWithWindows(
        IReadOnlyList<(IReadOnlyList<string> Passages, IReadOnlyList<string> Windows)> entries, CancellationToken cancellationToken = default)
    {
        if (Model.Pooling != Pooling.Mean) return ITextEmbedder.EachOnItsOwn(this, entries, cancellationToken);

        var results = entries.Select(e => (Passages: new float[e.Passages.Count][], Windows: new float[e.Windows.Count][])).ToArray();
        var encoded = new List<long[]>();
        var owners = new List<(int Entry, int Passage, List<(int Window, TokenSpan Span)> Windows)>();
        var alone = new List<(int Entry, int Window)>();
        for (var e = 0; e < entries.Count; e++)
        {
            var first = encoded.Count;
            var passages = entries[e].Passages.Select(Encode).ToArray();
            var tokens = passages.Select(ids => (ReadOnlyMemory<long>)ids.AsMemory(1, ids.Length - 2)).ToArray(); // no [CLS], [SEP]
            foreach (var (ids, p) in passages.Select((ids, p) => (ids, p)))
            {
                encoded.Add(ids);
                owners.Add((e, p, []));
            }
            for (var w = 0; w < entries[e].Windows.Count; w++)
            {
                var window = Encode(entries[e].Windows[w]);
                if (LateChunking.Locate(tokens, window.AsSpan(1, window.Length - 2)) is { } span)
                    owners[first + span.Passage].Windows.Add((w, span));
                else
                    alone.Add((e, w));
            }
        }

        Run([.. encoded], (text, states, count) =>
        {
            var (entry, passage, windows) = owners[text];
            results[entry].Passages[passage] = Pool(states, 0, count);
            foreach (var (window, span) in windows)
                results[entry].Windows[window] = Pool(states, 1 + span.Start, span.Length); // + 1: [CLS]
        }, cancellationToken);

        if (alone.Count > 0)
        {
            var vectors = Embed(alone.Select(a => entries[a.Entry].Windows[a.Window]).ToList(), cancellationToken);
            for (var i = 0; i < alone.Count; i++) results[alone[i].Entry].Windows[alone[i].Window] = vectors[i];
        }
        return results.Select(r => (r.Passages, r.Windows)).ToList();
    }

    // Token ids with [CLS] and [SEP], truncated to the model limit.
    private long[] Encode(string text) => Encode(_tokenizer, text, Model.MaxTokens);

    private static long[] Encode(BertTokenizer tokenizer, string text, int maxTokens)
    {
        var ids = new long[maxTokens];
        var mask = new long[maxTokens];
        return ids[..tokenizer.Encode(text, ids, mask, padTo: null)];
    }

    // Receives one text's token states: float[tokens * dimensions], row t the state of token t ([CLS] is row 0).
    private delegate void TokenStates(int text, ReadOnlySpan<float> states, int tokens);

    // Length-sorted batches: each batch pads only to its own longest text. Up to _workers batches run at once (the
    // session is safe to run concurrently; each run stays on its own thread), so receive is called from several
    // threads, for distinct texts.
    private void Run(long[][] encoded, TokenStates receive, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        var batches = new List<(int Start, int Length)>();
        var start = 0;
        while (start < order.Length)
        {
            var end = start + 1;
            // int8 runs one text at a time: it quantises activations per batch, so a vector would depend on its
            // batch-mates. Padding cost most (int8.md: padded batches fell to cosine 0.976 against fp32), but batch-mates
            // of one length still moved vectors (batches of 8: cosine mean 0.9977, min 0.9962) and, over the whole
            // diary, one Pepys question of 40 out of the top 5 and similar-days recall@10 0.134 to 0.123: the quality gate
            // int8 passed one text at a time. Running texts side by side gives that throughput back (Create).
            var maxTexts = Model.Precision == ModelPrecision.Int8 ? 1 : MaxBatchTexts;
            while (end < order.Length && end - start < maxTexts
                   && (end - start + 1) * encoded[order[end]].Length <= MaxBatchTokens)
                end++;
            batches.Add((start, end - start));
            start = end;
        }
        if (_workers == 1 || batches.Count == 1)
        {
            // The last run gives the arena's unused blocks back (RunBatch).
            for (var i = 0; i < batches.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunBatch(encoded, order.AsSpan(batches[i].Start, batches[i].Length), receive, shrink: i == batches.Count - 1);
            }
            return;
        }
        try
        {
            Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancellationToken },
                i => RunBatch(encoded, order.AsSpan(batches[i].Start, batches[i].Length), receive, shrink: false));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]); // as the one-worker path throws it
        }
        // Runs that end side by side cannot tell which is last: one more, of [CLS] [SEP] alone (about a millisecond),
        // gives back what all of them left unused.
        RunBatch([Encode(string.Empty)], [0], (_, _, _) => { }, shrink: true);
    }

    // The model's vector from token states: [CLS]'s, or the mean of rows [from, from + count), then L2-normalised.
    private float[] Pool(ReadOnlySpan<float> states, int from, int count)
    {
        var d = Model.Dimensions;
        var vector = new float[d];
        if (Model.Pooling == Pooling.Cls)
            states[..d].CopyTo(vector);
        else
        {
            for (var t = from; t < from + count; t++)
                TensorPrimitives.Add(vector, states.Slice(t * d, d), vector);
            TensorPrimitives.Divide(vector, count, vector);
        }
        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, Math.Max(norm, 1e-12f), vector);
        return vector;
    }

    // shrink: give the CPU arena's unused blocks back after this run (the last of a call). Without it the arena keeps
    // the peak of the largest batch for the process's life: 242 against 180 MB RSS after a mix of batches up to
    // 8 x 256 tokens; shrinking after every run instead cost a third of the throughput.
    private void RunBatch(long[][] encoded, ReadOnlySpan<int> batch, TokenStates receive, bool shrink)
    {
        int b = batch.Length, length = encoded[batch[^1]].Length, d = Model.Dimensions;
        var size = b * length;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = ArrayPool<long>.Shared.Rent(size);
        try
        {
            Array.Clear(ids, 0, size); Array.Clear(mask, 0, size); Array.Clear(types, 0, size);
            for (var s = 0; s < b; s++)
            {
                var tokens = encoded[batch[s]];
                tokens.CopyTo(ids, s * length);
                mask.AsSpan(s * length, tokens.Length).Fill(1);
            }
            long[] shape = [b, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, size), shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, size), shape);
            using var runOptions = new RunOptions();
            if (shrink) runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
            using var results = _session.Run(runOptions, s_inputNames, [idsValue, maskValue, typesValue], s_outputNames);
            var hidden = results[0].GetTensorDataAsSpan<float>(); // [b, length, d]
            for (var s = 0; s < b; s++)
            {
                var n = encoded[batch[s]].Length;
                receive(batch[s], hidden.Slice(s * length * d, n * d), n);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
        using (NativeWork.Scope()) _session.Dispose();
    }

    private static FileStream OpenFile(string path) => File.OpenRead(Installed(path));

    // The path of a file of this installation's model, or why it cannot be used.
    private static string Installed(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"the model file {path} is missing from this installation");

    // The int8 model, quantised once per shipped model, calibration text and quantiser version, and cached. The
    // shipped model is named by the id in its header (a hash of its content written at build time), not by hashing
    // the file at every start (reading the 91 MB package assembly for its name cost 90 MB of RSS and 0.1 s before the
    // first hover).
    private static string QuantisedModel(EmbeddingModelInfo model, BertTokenizer tokenizer, string cacheFolder)
    {
        string[] calibrationText;
        using (var stream = typeof(Int8Quantizer).Assembly.GetManifestResourceStream(CalibrationResource)
                            ?? throw new InvalidOperationException($"resource '{CalibrationResource}' is missing"))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            calibrationText = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var calibrationHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', calibrationText))))[..8];
        var name = $"{model.Id}-{ShippedId(model)}-{calibrationHash}-{Int8Quantizer.Version}";
        var path = Path.Combine(cacheFolder, $"{name}-{ModelFile.Layout}.onnx");
        IndexLocation.CreateFolder(cacheFolder);
        if (ModelFile.Exists(path))
        {
            PrivateStorage.Restrict(path);
            PrivateStorage.Restrict(ModelFile.DataPath(path));
            return path;
        }
        Onnx.ModelProto fp32;
        using (var packed = OpenFile(model.ModelPath))
            fp32 = PackedModel.Unpack(packed);
        var calibration = calibrationText.Select(line => Encode(tokenizer, line, model.MaxTokens)).ToList();
        Int8Quantizer.Quantize(fp32, calibration, path); // written beside and renamed (ModelFile.Write)
        ModelFile.DeleteStale(path, model.Id);
        return path;
    }

    // Our own text (the sample journal's paragraphs), not the user's: the int8 model is the same on every machine.
    private const string CalibrationResource = "JournalLsp.Indexing.Embeddings.Resources.calibration.txt";

    private static string UnpackedModel(EmbeddingModelInfo model, string cacheFolder)
    {
        var path = Path.Combine(cacheFolder, $"{model.Id}-{ShippedId(model)}-{ModelFile.Layout}.onnx");
        IndexLocation.CreateFolder(cacheFolder); // restricts what an older version made 0755 / 0644
        if (ModelFile.Exists(path))
        {
            PrivateStorage.Restrict(path);
            PrivateStorage.Restrict(ModelFile.DataPath(path));
            return path;
        }
        using (var packed = OpenFile(model.ModelPath))
            ModelFile.Write(PackedModel.Unpack(packed), path); // written beside and renamed
        ModelFile.DeleteStale(path, model.Id);
        return path;
    }

    // The shipped model's content id, shortened, after a "p" (packed): names the files made from it. The letter keeps
    // these names apart from those of versions that shipped the package assemblies (ModelFile.IsStale).
    private static string ShippedId(EmbeddingModelInfo model) => "p" + PackedModel.ReadId(Installed(model.ModelPath))[..12];
}
