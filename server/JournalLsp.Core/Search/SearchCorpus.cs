namespace JournalLsp.Core.Search;

/// <summary>An indexed entry as search sees it.</summary>
/// <param name="Id">The index's id for the entry.</param>
/// <param name="Path">File path relative to the journal folder, '/'-separated.</param>
/// <param name="Date">The entry's day, or null for an undated note.</param>
/// <param name="StartLine">First line of the entry, 0-based.</param>
/// <param name="EndLine">Last line of the entry, 0-based and inclusive.</param>
/// <param name="Heading">The entry's heading, or "".</param>
public sealed record EntryInfo(long Id, string Path, DateOnly? Date, int StartLine, int EndLine, string Heading);

/// <summary>One chunk in a <see cref="SearchCorpus"/>.</summary>
/// <param name="Id">The index's id for the chunk (to fetch its text).</param>
/// <param name="Entry">Index into <see cref="SearchCorpus.Entries"/>.</param>
/// <param name="StartLine">First line of the chunk, 0-based.</param>
/// <param name="EndLine">Last line of the chunk, 0-based and inclusive.</param>
public readonly record struct ChunkInfo(long Id, int Entry, int StartLine, int EndLine);

/// <summary>
/// An immutable in-memory snapshot of the index for ranking: every chunk's and every sentence window's vector as int8
/// rows (<see cref="Int8Rows"/>, unit length when decoded, so a dot product is the cosine), and the entries they belong to.
/// </summary>
public sealed class SearchCorpus
{
    /// <summary>
    /// Builds a corpus from float rows (kept as int8): <paramref name="vectors"/> holds <paramref name="chunks"/>.Count
    /// rows of <paramref name="dimensions"/> floats, <paramref name="windowVectors"/> one row per window.
    /// </summary>
    /// <exception cref="ArgumentException">When the sizes disagree.</exception>
    public SearchCorpus(IReadOnlyList<EntryInfo> entries, IReadOnlyList<ChunkInfo> chunks, float[] vectors, int dimensions,
        IReadOnlyList<ChunkInfo>? windows = null, float[]? windowVectors = null)
        : this(entries, chunks, Rows(vectors, chunks.Count, dimensions, "passage"), windows ?? [],
            Rows(windowVectors ?? [], windows?.Count ?? 0, dimensions, "window"))
    {
    }

    private static Int8Rows Rows(float[] rows, int count, int dimensions, string what) =>
        dimensions > 0 && rows.Length == count * dimensions ? Int8Rows.FromFloats(rows, dimensions)
        : throw new ArgumentException($"expected {count} × {dimensions} {what} floats, got {rows.Length}");

    /// <summary>Builds a corpus from int8 rows (<see cref="Int8Rows"/>), as the index stores them: one per chunk and per window.</summary>
    /// <exception cref="ArgumentException">When the sizes disagree.</exception>
    public SearchCorpus(IReadOnlyList<EntryInfo> entries, IReadOnlyList<ChunkInfo> chunks, Int8Rows vectors,
        IReadOnlyList<ChunkInfo> windows, Int8Rows windowVectors)
    {
        if (vectors.Count != chunks.Count || windowVectors.Count != windows.Count || windowVectors.Dimensions != vectors.Dimensions)
            throw new ArgumentException($"expected {chunks.Count} passage and {windows.Count} window rows of one length, got {vectors.Count} × {vectors.Dimensions} and {windowVectors.Count} × {windowVectors.Dimensions}");
        Windows = windows;
        WindowVectors = windowVectors;
        Entries = entries;
        Chunks = chunks;
        Vectors = vectors;
        Dimensions = vectors.Dimensions;
        var byEntry = new List<int>[entries.Count];
        for (var i = 0; i < chunks.Count; i++)
            (byEntry[chunks[i].Entry] ??= []).Add(i);
        _chunksOfEntry = byEntry;
        var windowsByEntry = new List<int>[entries.Count];
        for (var i = 0; i < windows.Count; i++)
            (windowsByEntry[windows[i].Entry] ??= []).Add(i);
        _windowsOfEntry = windowsByEntry;
    }

    private readonly List<int>?[] _windowsOfEntry;

    /// <summary>Indexes of the sentence windows of entry <paramref name="entry"/> (into <see cref="Windows"/>), in order; empty for none.</summary>
    public IReadOnlyList<int> WindowsOf(int entry) => (IReadOnlyList<int>?)_windowsOfEntry[entry] ?? [];

    private readonly List<int>?[] _chunksOfEntry;

    /// <summary>
    /// Entries by file path, then start line (<see cref="EntryOrder"/>). Rules that pick "the first" entry
    /// (<see cref="EntrySelection.FirstOn"/>, <see cref="EntrySelection.Find"/>) rely on it.
    /// </summary>
    public IReadOnlyList<EntryInfo> Entries { get; }

    /// <summary>Chunks; row i of <see cref="Vectors"/> is chunk i.</summary>
    public IReadOnlyList<ChunkInfo> Chunks { get; }

    /// <summary>One int8 row per chunk, unit length when decoded (cosine error to float about 1e-4).</summary>
    public Int8Rows Vectors { get; }

    /// <summary>Vector length (384 for all-MiniLM-L6-v2).</summary>
    public int Dimensions { get; }

    /// <summary>The vector of chunk <paramref name="chunk"/>, decoded: float[<see cref="Dimensions"/>], unit length.</summary>
    public float[] VectorOf(int chunk) => Vectors.Decode(chunk);

    /// <summary>
    /// Sentence windows (a few sentences, overlapping) of the entries longer than one window, for dense questions
    /// (<see cref="DenseRanker.RankWindows"/>); empty when the index has none.
    /// </summary>
    public IReadOnlyList<ChunkInfo> Windows { get; }

    /// <summary>
    /// One int8 row per window, unit length when decoded. Windows outnumber passages four to one (42,388 against
    /// 10,951 in Pepys' diary) and only ever meet a question, where int8's 1e-4 cosine error is far below the model's.
    /// </summary>
    public Int8Rows WindowVectors { get; }

    /// <summary>The passage (index into <see cref="Chunks"/>) of the window's entry that holds the window's first line.</summary>
    public int PassageOf(int window)
    {
        var w = Windows[window];
        var passages = ChunksOf(w.Entry);
        if (passages.Count == 0) return -1;
        var holding = passages[0];
        foreach (var c in passages)
            if (Chunks[c].StartLine <= w.StartLine) holding = c;
        return holding;
    }

    /// <summary>The mean of all chunk vectors, float[<see cref="Dimensions"/>] (not normalised); computed once.</summary>
    public float[] Mean => _mean ??= ComputeMean();

    private float[]? _mean;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private float[] ComputeMean()
    {
        var mean = new float[Dimensions];
        for (var c = 0; c < Chunks.Count; c++) Vectors.AddTo(c, mean);
        if (Chunks.Count > 0) System.Numerics.Tensors.TensorPrimitives.Divide(mean, Chunks.Count, mean);
        return mean;
    }

    /// <summary>
    /// What centring a chunk needs, float[chunks] each: its dot product with <see cref="Mean"/> and the length of the
    /// chunk minus the mean. With them a centred cosine is (a·b − a·m − b·m + m·m) / (|a − m| |b − m|) from the raw
    /// rows, so no centred copy of every vector is kept (17 MB on Pepys' diary, 0.3 GB at 10⁵ entries).
    /// </summary>
    public (float[] MeanDots, float[] CenteredNorms) Centering
    {
        get
        {
            // One reference, published whole: requests share a snapshot, and a tuple field could be read half written.
            var terms = Volatile.Read(ref _centering) ?? Interlocked.CompareExchange(ref _centering, ComputeCentering(), null) ?? _centering!;
            return (terms.MeanDots, terms.CenteredNorms);
        }
    }

    private sealed record CenteringTerms(float[] MeanDots, float[] CenteredNorms);

    private CenteringTerms? _centering;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private CenteringTerms ComputeCentering()
    {
        var mean = Mean;
        var mm = System.Numerics.Tensors.TensorPrimitives.Dot(mean, mean);
        var dots = new float[Chunks.Count];
        var norms = new float[Chunks.Count];
        for (var c = 0; c < Chunks.Count; c++)
        {
            dots[c] = Vectors.Dot(c, mean);
            // |a - m|² = a·a − 2 a·m + m·m, with a·a = 1: rows decode to unit length.
            norms[c] = MathF.Sqrt(MathF.Max(1 - 2 * dots[c] + mm, 0));
        }
        return new CenteringTerms(dots, norms);
    }

    /// <summary>
    /// This snapshot with the entries of the files <paramref name="paths"/> replaced by those of
    /// <paramref name="files"/> (a corpus of just those files as they are now; a file it lacks is removed): what a
    /// commit of a few files changes, without loading the whole index again. Entries stay in <see cref="Entries"/>'
    /// order (path, then start line); kept rows' vectors are shared, not copied (<see cref="Int8Rows.Concat"/>). At 10⁵
    /// days (727,000 rows) it costs the row lists and a row map, 40-78 ms with the file's own rows read, against
    /// 1.8-2.6 s for a full load.
    /// </summary>
    /// <exception cref="ArgumentException">When the two corpora's vectors differ in length.</exception>
    public SearchCorpus Replacing(IReadOnlySet<string> paths, SearchCorpus files)
    {
        if (files.Dimensions != Dimensions)
            throw new ArgumentException($"vectors of {files.Dimensions} cannot join a corpus of {Dimensions}");
        // Kept entries and the files' entries, merged in order; each side's entry index mapped to the merged one.
        var kept = Enumerable.Range(0, Entries.Count).Where(e => !paths.Contains(Entries[e].Path)).ToList();
        var entries = new List<EntryInfo>(kept.Count + files.Entries.Count);
        var fromKept = new int[Entries.Count];
        var fromFiles = new int[files.Entries.Count];
        for (int k = 0, f = 0; k < kept.Count || f < files.Entries.Count;)
        {
            var takeKept = f == files.Entries.Count || (k < kept.Count && EntryOrder(Entries[kept[k]], files.Entries[f]) < 0);
            if (takeKept) fromKept[kept[k++]] = entries.Count;
            else fromFiles[f++] = entries.Count;
            entries.Add(takeKept ? Entries[kept[k - 1]] : files.Entries[f - 1]);
        }

        (List<ChunkInfo> Infos, Int8Rows Rows) Join(IReadOnlyList<ChunkInfo> mine, Int8Rows myRows, IReadOnlyList<ChunkInfo> theirs, Int8Rows theirRows)
        {
            var keep = new List<int>(mine.Count);
            var infos = new List<ChunkInfo>(mine.Count + theirs.Count);
            for (var i = 0; i < mine.Count; i++)
            {
                if (paths.Contains(Entries[mine[i].Entry].Path)) continue;
                keep.Add(i);
                infos.Add(mine[i] with { Entry = fromKept[mine[i].Entry] });
            }
            infos.AddRange(theirs.Select(c => c with { Entry = fromFiles[c.Entry] }));
            return (infos, Int8Rows.Concat(myRows, keep, theirRows));
        }
        var chunks = Join(Chunks, Vectors, files.Chunks, files.Vectors);
        var windows = Join(Windows, WindowVectors, files.Windows, files.WindowVectors);
        return new SearchCorpus(entries, chunks.Infos, chunks.Rows, windows.Infos, windows.Rows);
    }

    /// <summary>
    /// The order of <see cref="Entries"/>, as a <see cref="Comparison{T}"/>: by path (ordinal, UTF-16 code units), then
    /// start line.
    /// </summary>
    public static int EntryOrder(EntryInfo a, EntryInfo b)
    {
        var byPath = string.CompareOrdinal(a.Path, b.Path);
        return byPath != 0 ? byPath : a.StartLine.CompareTo(b.StartLine);
    }

    /// <summary>The index into <see cref="Chunks"/> of the chunk with the index's id <paramref name="id"/>, or null.</summary>
    public int? ChunkWithId(long id)
    {
        var byId = _chunkById ??= Enumerable.Range(0, Chunks.Count).ToDictionary(i => Chunks[i].Id);
        return byId.TryGetValue(id, out var index) ? index : null;
    }

    private Dictionary<long, int>? _chunkById;

    /// <summary>Indexes of the chunks of entry <paramref name="entry"/>, in order.</summary>
    public IReadOnlyList<int> ChunksOf(int entry) => (IReadOnlyList<int>?)_chunksOfEntry[entry] ?? [];
}
