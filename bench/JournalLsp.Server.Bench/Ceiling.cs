using System.Diagnostics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

/// <summary>
/// The hardware ceiling through ONNX Runtime: one large MatMul with a constant weight, fp32 (MLAS sgemm) and int8
/// (com.microsoft.DynamicQuantizeMatMul, the op our int8 model runs), on all cores. The shape is MiniLM's FFN1
/// ([tokens, 384] x [384, 1536]) at 4,096 tokens; the best of 20 calls after 3 warm-up calls.
/// </summary>
internal static class Ceiling
{
    private const int M = 4096, K = 384, N = 1536;

    /// <summary>GFLOP/s (fp32) and GOP/s (int8, multiply-adds counted as 2 ops, as for fp32).</summary>
    public static (double Fp32, double Int8) Measure(int threads)
    {
        var random = new Random(1);
        var weights = new float[K * N];
        for (var i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5);
        var fp32 = Model(new NodeProto { OpType = "MatMul", Input = { "A", "W" }, Output = { "C" } },
            Tensor("W", 1, [K, N], MemoryMarshal.AsBytes(weights.AsSpan()).ToArray()));
        var q = weights.Select(w => (byte)(sbyte)Math.Round(w * 126)).ToArray();
        var int8 = Model(new NodeProto
            {
                OpType = "DynamicQuantizeMatMul", Domain = "com.microsoft",
                Input = { "A", "W", "scale", "zero" }, Output = { "C" },
            },
            Tensor("W", 3, [K, N], q),
            Tensor("scale", 1, [N], MemoryMarshal.AsBytes(Enumerable.Repeat(1f / 126, N).ToArray().AsSpan()).ToArray()),
            Tensor("zero", 3, [N], new byte[N]));
        return (Run(fp32, threads), Run(int8, threads));
    }

    private static double Run(ModelProto model, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var a = new float[M * K];
        var random = new Random(2);
        for (var i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 4 - 2);
        using var input = OrtValue.CreateTensorValueFromMemory(a, [M, K]);
        using var runOptions = new RunOptions();
        var best = double.MaxValue;
        for (var i = 0; i < 23; i++)
        {
            var clock = Stopwatch.StartNew();
            using var output = session.Run(runOptions, ["A"], [input], ["C"]);
            if (i >= 3) best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * M * K * N / best / 1e9;
    }

    private static ModelProto Model(NodeProto node, params TensorProto[] constants)
    {
        var graph = new GraphProto { Name = "ceiling", Node = { node } };
        graph.Initializer.AddRange(constants);
        graph.Input.Add(Value("A", "M", K.ToString()));
        graph.Output.Add(Value("C", "M", N.ToString()));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        return model;
    }

    private static TensorProto Tensor(string name, int type, long[] dims, byte[] data)
    {
        var t = new TensorProto { Name = name, DataType = type, RawData = ByteString.CopyFrom(data) };
        t.Dims.AddRange(dims);
        return t;
    }

    private static ValueInfoProto Value(string name, params string[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(long.TryParse(d, out var v) ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }
}
