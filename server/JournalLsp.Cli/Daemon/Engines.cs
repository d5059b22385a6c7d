using JournalLsp.Indexing;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// Where a command gets its engine: opened for it and disposed after it (a process per command), or kept open for
/// the next command on the same journal, index and model (the daemon), reopened when its index file is gone or is
/// another file (<c>forget</c>, the editor's Delete Index, or deleted by hand).
/// </summary>
internal sealed class Engines(bool keep) : IDisposable
{
    private readonly Dictionary<(string Folder, string? Index, string Model, Core.Chunking.ChunkerOptions Chunker), (JournalEngine Engine, DateTime Created)> _kept = [];

    /// <summary>How many engines are kept open.</summary>
    public int Count => _kept.Count;

    /// <summary>Engines opened for one command each.</summary>
    public static Engines PerCommand { get; } = new(keep: false);

    /// <summary>The engine for <paramref name="options"/>; dispose the lease when the command is done with it.</summary>
    /// <exception cref="DirectoryNotFoundException">When the journal folder is missing (<see cref="JournalEngine.Open"/>).</exception>
    public Lease Open(JournalEngineOptions options)
    {
        if (!keep) return new Lease(JournalEngine.Open(options), owned: true);
        var key = (options.JournalFolder, options.IndexPath, options.Model.Id, options.Chunker);
        if (_kept.Remove(key, out var kept))
        {
            // The same index file, not only one at the same path: forget, or the editor's Delete Index, then a new run
            // (an engine over a deleted file reads what was deleted; SQLite itself refuses its writes).
            if (Directory.Exists(kept.Engine.JournalFolder) && Created(kept.Engine.IndexPath) == kept.Created)
            {
                _kept[key] = kept;
                return new Lease(kept.Engine, owned: false);
            }
            kept.Engine.Dispose();
        }
        var engine = JournalEngine.Open(options);
        _kept[key] = (engine, Created(engine.IndexPath));
        return new Lease(engine, owned: false);
    }

    // A file's time of creation (the birth time where the file system keeps one), DateTime.MinValue when it is gone.
    private static DateTime Created(string path) => File.Exists(path) ? File.GetCreationTimeUtc(path) : DateTime.MinValue;

    /// <summary>Disposes the kept engines.</summary>
    public void Dispose()
    {
        foreach (var (engine, _) in _kept.Values) engine.Dispose();
        _kept.Clear();
    }

    /// <summary>An engine lent to one command: disposed at the end unless the daemon keeps it.</summary>
    public readonly struct Lease(JournalEngine engine, bool owned) : IDisposable
    {
        /// <summary>The engine.</summary>
        public JournalEngine Engine => engine;

        /// <inheritdoc />
        public void Dispose()
        {
            if (owned) engine.Dispose();
        }
    }
}
