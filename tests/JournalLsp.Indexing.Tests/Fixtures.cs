using JournalLsp.Indexing.Embeddings;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// One loaded model for the whole test run (loading takes about half a second and 200 MB): every engine a test opens
/// gets it through <see cref="JournalEngineOptions.Embedder"/>, and the process's exit frees it.
/// </summary>
public static class SharedModel
{
    private static readonly Lazy<OnnxEmbeddingGenerator> s_model =
        new(() => OnnxEmbeddingGenerator.Create(EmbeddingModelInfo.MiniLmL6V2, IndexLocation.ModelFolder()));

    public static OnnxEmbeddingGenerator Instance => s_model.Value;
}

/// <summary>The shared model, for tests of the embedder itself.</summary>
public sealed class EmbedderFixture
{
    public OnnxEmbeddingGenerator Embedder { get; } = SharedModel.Instance;
}

[CollectionDefinition(nameof(EmbedderCollection))]
public sealed class EmbedderCollection : ICollectionFixture<EmbedderFixture>;

/// <summary>A scratch folder under /tmp, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("journal-lsp-test-").FullName;

    public string Journal => Directory.CreateDirectory(System.IO.Path.Combine(Path, "journal")).FullName;

    public string IndexPath => System.IO.Path.Combine(Path, "index", "index.db");

    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Journal, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public JournalEngine OpenEngine(ITextEmbedder? embedder = null) =>
        JournalEngine.Open(new JournalEngineOptions { JournalFolder = Journal, IndexPath = IndexPath, Embedder = embedder ?? SharedModel.Instance });

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Two real years of Pepys (1661 and 1666, copied from ../shared to a scratch folder, never into the repo), indexed once
/// for all the end-to-end tests.
/// </summary>
public sealed class PepysFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public PepysFixture()
    {
        foreach (var year in new[] { "1661", "1666" })
        {
            var target = Directory.CreateDirectory(System.IO.Path.Combine(_folder.Journal, year)).FullName;
            foreach (var file in Directory.GetFiles(System.IO.Path.Combine(TestData.Pepys, "daily", year)))
                File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
        Engine = _folder.OpenEngine();
        // Between commits, ask from another thread and wait: were queries blocked by the run, this would hang.
        Summary = Engine.Index(new Observer(p =>
        {
            if (p.EntriesDone == 0 || p.EntriesDone == p.EntriesTotal) return;
            var query = Task.Run(() => (Engine.Status().Entries, Engine.Ask("fire in the city").Count));
            if (query.Wait(TimeSpan.FromSeconds(30))) DuringIndexing.Add((p.EntriesDone, p.EntriesTotal, query.Result.Entries, query.Result.Count));
        }));
    }

    public JournalEngine Engine { get; }

    /// <summary>Another engine over the same index, as a second process would open it (no run, no writes of its own).</summary>
    public JournalEngine OpenEngine() => _folder.OpenEngine();

    /// <summary>(entries done, entries total, entries a query saw, results it got) at progress reports mid-run.</summary>
    public List<(int Done, int Total, int Indexed, int Results)> DuringIndexing { get; } = [];

    private sealed class Observer(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => report(value);
    }

    public IndexSummary Summary { get; }

    public string Journal => _folder.Journal;

    public string IndexPath => _folder.IndexPath;

    public void Dispose()
    {
        Engine.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(nameof(PepysCollection))]
public sealed class PepysCollection : ICollectionFixture<PepysFixture>;
