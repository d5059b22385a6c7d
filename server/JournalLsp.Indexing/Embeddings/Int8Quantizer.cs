using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// Turns an fp32 BERT-family ONNX model into an int8 one: every MatMul whose second input is a constant [K, N] weight
/// (36 in MiniLM-L6: Q, K, V, attention output, FFN in and out of each layer) becomes ONNX Runtime's
/// <c>com.microsoft.DynamicQuantizeMatMul</c> with signed weights (<see cref="WeightBits"/>) and one scale per output
/// column; activations are quantised to uint8 per tensor at run time. Embeddings, LayerNorm, softmax, GELU and the two
/// attention MatMuls stay fp32.
/// <para>
/// What keeps quality (../shared/notes/int8.md; our figures are cosines to fp32 on diary text): per-column scales
/// (per-tensor: mean 0.93); no 8-bit weights on AVX2 (<see cref="WeightBits"/>); and SmoothQuant (Xiao et al. 2023,
/// "SmoothQuant: Accurate and Efficient Post-Training Quantization for LLMs"): the LayerNorm outputs that feed Q/K/V
/// and FFN1 have outlier channels (absmax 28.8 against a median of 1.9), so each input channel k is divided by
/// s_k = x_k^alpha / w_k^(1-alpha) before quantisation and its weight row multiplied by it (x_k: the channel's
/// calibrated absmax, w_k: its weight row's absmax over every MatMul that reads it). Mean 0.996 (8-bit) and 0.993
/// (7-bit), against 0.989 for plain per-column int8.
/// </para>
/// <para>
/// Dynamic activation quantisation is per tensor over the whole batch, padding included, so even batch-mates of one
/// length move a vector (cosine 0.996 or more to the text embedded alone): <see cref="OnnxEmbeddingGenerator"/> runs
/// int8 one text at a time.
/// </para>
/// </summary>
public static class Int8Quantizer
{
    /// <summary>
    /// Part of the cached int8 model's name (the rewrite, its weight bits and alpha): change it when the rewrite changes,
    /// so old files are not reused.
    /// </summary>
    public static string Version => $"sq{Alpha * 100:F0}-s{WeightBits}-col-1";

    /// <summary>
    /// Bits per weight on this machine: 8 where the CPU has AVX-VNNI (VPDPBUSD adds u8 x s8 products in 32 bits), 7
    /// elsewhere (AVX2, and AVX-512 VNNI without AVX-VNNI, which .NET 10 does not report), because AVX2's VPMADDUBSW adds
    /// pairs of them in 16 bits and saturates at 8 (ONNX Runtime's "reduce_range"). Vectors of the two differ at the
    /// 1e-3 level; an index lives on the machine that made it.
    /// </summary>
    // AVX-512 VNNI alone (AMD Zen 4; CPUID leaf 7, ECX bit 11) was tried as 8-bit too: cosine to fp32 over 150 diary
    // openings 0.996 / 0.992 (mean / min; 7-bit there 0.994 / 0.989) and SciFact hybrid nDCG@10 0.7270, but Pepys hybrid
    // success@5 0.775 against fp32's 0.800 on the same machine (one question of 40 left the top 5), so such CPUs keep
    // 7-bit and fp32 as their default.
    public static int WeightBits { get; } = System.Runtime.Intrinsics.X86.AvxVnni.IsSupported ? 8 : 7;

    // SmoothQuant's alpha. Cosine to fp32 on 150 openings of diary days (140 words), mean / min: 7-bit: alpha 0.5
    // 0.976 / 0.950, 0.65 0.993 / 0.987, 0.7 0.993 / 0.986, 0.8 0.989 / 0.980; 8-bit: 0.6 0.993 / 0.979, 0.65 0.996 /
    // 0.992, 0.7 0.995 / 0.990, 0.8 0.993 / 0.982. Ranking decided between 0.65 and 0.7 (8-bit, against fp32's SciFact
    // hybrid nDCG@10 0.7293 and Pepys hybrid success@5 0.800): 0.65 gave 0.7237 and 0.800, 0.7 gave 0.7251 and 0.800 (dense 0.6747 against 0.6809; one text at a time).
    private const float Alpha = 0.7f;

    private static float WeightLevels => WeightBits == 8 ? 127f : 63f;

    private const int OnnxFloat = 1, OnnxInt8 = 3;

    /// <summary>
    /// Writes the int8 model of <paramref name="model"/> (an fp32 graph, rewritten in place) to <paramref name="destination"/>, its word
    /// embeddings beside it (<see cref="ModelFile"/>). The
    /// smoothing scales come from running the fp32 model over <paramref name="calibration"/> (token ids with [CLS] and
    /// [SEP], one text at a time); 64 short texts are enough, because outlier channels belong to the model, not the text.
    /// </summary>
    /// <exception cref="InvalidDataException">When the model has no constant-weight MatMul to quantise.</exception>
    public static void Quantize(ModelProto model, IReadOnlyList<long[]> calibration, string destination)
    {
        var graph = model.Graph;
        var weights = graph.Initializer.Where(t => t.DataType == OnnxFloat && t.Dims.Count == 2).ToDictionary(t => t.Name);
        var matMuls = graph.Node.Where(n => n.OpType == "MatMul" && n.Input.Count == 2 && weights.ContainsKey(n.Input[1])).ToList();
        if (matMuls.Count == 0) throw new InvalidDataException("the model has no MatMul with a constant weight to quantise");

        var absMax = CalibrateInputs(model, matMuls.Select(n => n.Input[0]).Distinct().ToList(), calibration);

        // One smoothing scale per distinct input: Q, K and V read the same LayerNorm output and share it.
        var smoothing = new Dictionary<string, float[]>();
        foreach (var group in matMuls.GroupBy(n => n.Input[0]))
        {
            var x = absMax[group.Key];
            var w = new float[x.Length];
            foreach (var node in group)
            {
                var (values, k, n) = Read(weights[node.Input[1]]);
                for (var row = 0; row < k; row++)
                    for (var col = 0; col < n; col++)
                        w[row] = Math.Max(w[row], Math.Abs(values[row * n + col]));
            }
            var s = new float[x.Length];
            for (var c = 0; c < s.Length; c++)
                s[c] = x[c] > 0 && w[c] > 0
                    ? Math.Clamp(MathF.Pow(x[c], Alpha) / MathF.Pow(w[c], 1 - Alpha), 1e-3f, 1e3f)
                    : 1f;
            smoothing[group.Key] = s;
        }

        var quantised = matMuls.ToHashSet();
        var nodes = graph.Node.ToList();
        graph.Node.Clear();
        var smoothed = new Dictionary<string, string>();
        foreach (var node in nodes)
        {
            if (!quantised.Contains(node))
            {
                graph.Node.Add(node);
                continue;
            }
            var input = node.Input[0];
            var s = smoothing[input];
            if (!smoothed.TryGetValue(input, out var scaledInput))
            {
                // A * diag(1/s), inserted just before the first MatMul that reads A (A is computed by then).
                scaledInput = smoothed[input] = input + "_smoothed";
                graph.Initializer.Add(FloatTensor(input + "_inverse_smoothing", s.Select(v => 1 / v).ToArray(), s.Length));
                graph.Node.Add(new NodeProto
                {
                    OpType = "Mul", Name = input + "_smooth",
                    Input = { input, input + "_inverse_smoothing" }, Output = { scaledInput },
                });
            }
            var weight = weights[node.Input[1]];
            var (values, k, n) = Read(weight);
            var (q, scales) = QuantiseColumns(values, k, n, s);
            graph.Initializer.Add(new TensorProto
            {
                Name = weight.Name + "_int8", DataType = OnnxInt8, Dims = { k, n },
                RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(q.AsSpan())),
            });
            graph.Initializer.Add(FloatTensor(weight.Name + "_scale", scales, n));
            graph.Initializer.Add(new TensorProto
            {
                Name = weight.Name + "_zero", DataType = OnnxInt8, Dims = { n }, RawData = ByteString.CopyFrom(new byte[n]),
            });
            graph.Node.Add(new NodeProto
            {
                OpType = "DynamicQuantizeMatMul", Domain = "com.microsoft", Name = node.Name + "_int8",
                Input = { scaledInput, weight.Name + "_int8", weight.Name + "_scale", weight.Name + "_zero" },
                Output = { node.Output[0] },
            });
        }

        // The fp32 weights are no longer read by any node.
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var dead in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList()) graph.Initializer.Remove(dead);
        if (model.OpsetImport.All(o => o.Domain != "com.microsoft"))
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });

        ModelFile.Write(model, destination);
    }

    // Per input channel of each named tensor: its largest |value| over every calibration token ([..., K] -> float[K]).
    private static Dictionary<string, float[]> CalibrateInputs(ModelProto model, List<string> inputs, IReadOnlyList<long[]> texts)
    {
        // The inputs become extra graph outputs for one session, then leave again (no copy of the 90 MB model).
        var extra = inputs.Select(name => new ValueInfoProto
        {
            Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxFloat } },
        }).ToList();
        model.Graph.Output.AddRange(extra);
        byte[] probe;
        try { probe = model.ToByteArray(); }
        finally { foreach (var e in extra) model.Graph.Output.Remove(e); }
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(probe, options);
        probe = [];
        var result = new Dictionary<string, float[]>();
        foreach (var ids in texts)
        {
            long[] shape = [1, ids.Length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), shape);
            using var types = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, mask, types], inputs);
            for (var i = 0; i < inputs.Count; i++)
            {
                var values = outputs[i].GetTensorDataAsSpan<float>();
                var shapeOut = outputs[i].GetTensorTypeAndShape().Shape;
                var channels = (int)shapeOut[^1];
                if (!result.TryGetValue(inputs[i], out var max)) result[inputs[i]] = max = new float[channels];
                for (var j = 0; j < values.Length; j++)
                    max[j % channels] = Math.Max(max[j % channels], Math.Abs(values[j]));
            }
        }
        return result;
    }

    // W' = diag(s) W, then per column j: scale_j = max_k |W'[k, j]| / levels (127 or 63) and q = round(W' / scale_j), zero point 0.
    private static (sbyte[] Quantised, float[] Scales) QuantiseColumns(float[] w, int k, int n, float[] s)
    {
        var scaled = new float[w.Length];
        for (var row = 0; row < k; row++)
            for (var col = 0; col < n; col++)
                scaled[row * n + col] = w[row * n + col] * s[row];
        var scales = new float[n];
        for (var col = 0; col < n; col++)
        {
            var max = 0f;
            for (var row = 0; row < k; row++) max = Math.Max(max, Math.Abs(scaled[row * n + col]));
            scales[col] = max > 0 ? max / WeightLevels : 1f;
        }
        var q = new sbyte[w.Length];
        for (var row = 0; row < k; row++)
            for (var col = 0; col < n; col++)
                q[row * n + col] = (sbyte)Math.Clamp(MathF.Round(scaled[row * n + col] / scales[col]), -WeightLevels, WeightLevels);
        return (q, scales);
    }

    private static (float[] Values, int K, int N) Read(TensorProto t) =>
        (MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray(), (int)t.Dims[0], (int)t.Dims[1]);

    private static TensorProto FloatTensor(string name, float[] values, int length) => new()
    {
        Name = name, DataType = OnnxFloat, Dims = { length },
        RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
    };
}
