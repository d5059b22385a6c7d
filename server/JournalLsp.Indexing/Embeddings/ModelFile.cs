using Google.Protobuf;
using JournalLsp.Indexing.Privacy;
using Onnx;

namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// The model file ONNX Runtime loads, written with its lookup tables outside it: every initializer of
/// <see cref="MinTableBytes"/> or more that only Gather nodes read goes to <see cref="DataPath"/> as ONNX external data
/// (onnx.ai, "External Data"), page-aligned. ONNX Runtime maps external data from the file rather than copying it, and
/// a Gather touches only the rows of the tokens it is given: MiniLM's word-embedding table (30,522 × 384 floats, 47 MB
/// of the int8 model's 59 MB) no longer passes through memory at every start. On the int8 model (2-core EPYC VM): the
/// session in 228 ms instead of 478, 14,000 page faults instead of 37,000, 90 MB RSS instead of 160, the same vectors
/// (docs/benchmarks.md, "Instant, the first steps").
/// </summary>
internal static class ModelFile
{
    /// <summary>The smallest table put outside: 1 MB (the position and token-type tables, 0.8 MB and less, stay in).</summary>
    public const int MinTableBytes = 1 << 20;

    /// <summary>Part of the cache file's name, so a model written before tables went outside is written again.</summary>
    public const string Layout = "tables-mapped";

    private const int PageBytes = 4096;

    /// <summary>Where the tables of the model at <paramref name="modelPath"/> lie: beside it, <c>.data</c> added.</summary>
    public static string DataPath(string modelPath) => modelPath + ".data";

    /// <summary>True when both files of the model at <paramref name="modelPath"/> are there.</summary>
    public static bool Exists(string modelPath) => File.Exists(modelPath) && File.Exists(DataPath(modelPath));

    /// <summary>Deletes both files of the model at <paramref name="modelPath"/>, where they are.</summary>
    public static void Delete(string modelPath)
    {
        File.Delete(modelPath);
        File.Delete(DataPath(modelPath));
    }

    /// <summary>
    /// Deletes the files that versions which shipped the model inside its package assembly left for
    /// <paramref name="modelId"/> in the folder of <paramref name="modelPath"/> (<see cref="IsStale"/>): each is
    /// 60-91 MB, and no version that ships packed models reads it. A file in use (Windows) is left for a later run.
    /// </summary>
    public static void DeleteStale(string modelPath, string modelId)
    {
        var folder = Path.GetDirectoryName(modelPath)!;
        foreach (var file in Directory.EnumerateFiles(folder))
            if (IsStale(Path.GetFileName(file), modelId, Path.GetFileName(modelPath)))
                try { File.Delete(file); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Whether <paramref name="fileName"/> is a cached model of <paramref name="modelId"/> made by a version that
    /// shipped package assemblies: its id, a dash, then a hex digit (those versions named the source by its length or
    /// its assembly's MVID; packed models' files have a "p" there, and are kept, whichever version made them: the VS
    /// Code extension and the command line may be of different versions and share the folder), ending .onnx or
    /// .onnx.data. The hex digit also keeps an id apart from a longer one it begins ("all-MiniLM-L6-v2-" from
    /// "all-MiniLM-L6-v2-int8-"). <paramref name="current"/> and its tables are never stale.
    /// </summary>
    public static bool IsStale(string fileName, string modelId, string current) =>
        fileName != current && fileName != current + ".data"
        && fileName.StartsWith(modelId + "-", StringComparison.Ordinal)
        && fileName.Length > modelId.Length + 1 && char.IsAsciiHexDigitLower(fileName[modelId.Length + 1])
        && (fileName.EndsWith(".onnx", StringComparison.Ordinal) || fileName.EndsWith(".onnx.data", StringComparison.Ordinal));

    /// <summary>
    /// Writes <paramref name="model"/> (its large Gather-only tables moved out, which changes it) to
    /// <paramref name="modelPath"/> and <see cref="DataPath"/>, both owner-only. Each is written beside and renamed, the
    /// tables first, so no reader (a second process, a second engine) ever finds a model without its tables or half of
    /// either; a failed write leaves nothing behind.
    /// </summary>
    public static void Write(ModelProto model, string modelPath)
    {
        var dataPath = DataPath(modelPath);
        var suffix = $".{Guid.NewGuid():N}.tmp";
        try
        {
            PrivateStorage.CreateFile(dataPath + suffix);
            using (var data = new FileStream(dataPath + suffix, FileMode.Truncate, FileAccess.Write))
                foreach (var table in Tables(model.Graph))
                {
                    data.Write(new byte[(PageBytes - data.Length % PageBytes) % PageBytes]);
                    var offset = data.Length;
                    data.Write(table.RawData.Span);
                    table.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = Path.GetFileName(dataPath) });
                    table.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    table.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = table.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    table.DataLocation = TensorProto.Types.DataLocation.External;
                    table.RawData = ByteString.Empty;
                }
            PrivateStorage.CreateFile(modelPath + suffix);
            using (var file = new FileStream(modelPath + suffix, FileMode.Truncate, FileAccess.Write)) model.WriteTo(file);
            File.Move(dataPath + suffix, dataPath, overwrite: true);
            File.Move(modelPath + suffix, modelPath, overwrite: true);
        }
        finally
        {
            File.Delete(dataPath + suffix);
            File.Delete(modelPath + suffix);
        }
    }

    // The initializers every reader of which is a Gather's data input (input 0), large enough to be worth a mapping.
    private static List<TensorProto> Tables(GraphProto graph)
    {
        var readers = graph.Node.SelectMany(n => n.Input.Select((input, i) => (input, Gathered: n.OpType == "Gather" && i == 0)))
            .GroupBy(x => x.input).ToDictionary(g => g.Key, g => g.All(x => x.Gathered));
        return [.. graph.Initializer.Where(t => t.RawData.Length >= MinTableBytes && readers.GetValueOrDefault(t.Name))];
    }
}
