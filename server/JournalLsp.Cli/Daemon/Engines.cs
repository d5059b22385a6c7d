using JournalLsp.Indexing;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// Where a command gets its engine: opened for it and disposed after it (a process per command), or kept open for
/// the next command on the same journal, index and model (the daemon), reopened when its index file is gone
/// (<c>forget</c>, or deleted by hand).
/// </summary>
internal sealed class Engines(bool keep) : IDisposable
{
    private readonly Dictionary<(string Folder, string? Index, string Model, Core.Chunking.ChunkerOptions Chunker), JournalEngine> _kept = [];

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
            if (File.Exists(kept.IndexPath) && Directory.Exists(kept.JournalFolder))
            {
                _kept[key] = kept;
                return new Lease(kept, owned: false);
            }
            kept.Dispose();
        }
        var engine = JournalEngine.Open(options);
        _kept[key] = engine;
        return new Lease(engine, owned: false);
    }

    /// <summary>Disposes the kept engines.</summary>
    public void Dispose()
    {
        foreach (var engine in _kept.Values) engine.Dispose();
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
