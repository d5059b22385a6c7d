using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using JournalLsp.Core.Chunking;
using JournalLsp.Core.Journal;
using JournalLsp.Core.Search;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Indexing.Storage;

namespace JournalLsp.Indexing;

/// <summary>
/// The journal engine: keeps an index of one journal folder fresh and answers "ask" and "similar days" from it.
/// Everything runs locally. Not thread-safe: callers serialise (the CLI is one thread; the server holds one queue).
/// </summary>
public sealed class JournalEngine : IDisposable
{
    // Files are embedded and committed in groups of about this many chunks: progress and crash safety at a fair grain.
    private const int ChunksPerCommit = 256;

    private readonly JournalEngineOptions _options;
    private readonly IndexStore _store;
    private readonly Lazy<OnnxEmbeddingGenerator> _embedder;
    private SearchCorpus? _corpus;

    private JournalEngine(JournalEngineOptions options, IndexStore store)
    {
        _options = options;
        _store = store;
        JournalFolder = Path.GetFullPath(options.JournalFolder);
        _embedder = new Lazy<OnnxEmbeddingGenerator>(() =>
            OnnxEmbeddingGenerator.Create(options.Model, options.ModelFolder ?? IndexLocation.ModelFolder()));
    }

    /// <summary>The journal folder, full path.</summary>
    public string JournalFolder { get; }

    /// <summary>The index file.</summary>
    public string IndexPath => _store.Path;

    /// <summary>The embedding model's id.</summary>
    public string ModelId => _options.Model.Id;

    /// <summary>Opens (or creates) the index for <see cref="JournalEngineOptions.JournalFolder"/>. The model loads on first use.</summary>
    /// <exception cref="DirectoryNotFoundException">When the journal folder does not exist.</exception>
    public static JournalEngine Open(JournalEngineOptions options)
    {
        if (!Directory.Exists(options.JournalFolder))
            throw new DirectoryNotFoundException($"journal folder not found: {options.JournalFolder}");
        var store = IndexStore.Open(options.IndexPath ?? IndexLocation.DefaultIndexPath(options.JournalFolder));
        return new JournalEngine(options, store);
    }

    /// <summary>The embedding generator (loaded on first use), for callers that embed text themselves.</summary>
    public OnnxEmbeddingGenerator Embedder => _embedder.Value;

    /// <summary>
    /// Brings the index in line with the folder: new and changed files are parsed, chunked and embedded (only chunks
    /// whose text has no vector yet), deleted files leave. Bad files are skipped with a reason; nothing throws for them.
    /// </summary>
    /// <exception cref="OperationCanceledException">When cancelled; what was committed so far stays valid.</exception>
    public IndexSummary Index(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var paths = JournalFiles.Enumerate(JournalFolder);
        var known = _store.Files();

        var changed = new List<JournalFile>();
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = JournalFiles.Read(JournalFolder, path, _options.MaxFileBytes);
            if (!known.TryGetValue(path, out var stored) || stored.Hash != file.Hash) changed.Add(file);
        }
        var seen = paths.ToHashSet(StringComparer.Ordinal);
        var removed = known.Keys.Where(p => !seen.Contains(p)).ToList();
        if (removed.Count > 0) _store.DeleteFiles(removed);

        var embedded = 0;
        long tokens = 0;
        var embedClock = new Stopwatch();
        var done = paths.Count - changed.Count;
        progress?.Report(new IndexProgress(done, paths.Count, 0, 0));

        var group = new List<FileRow>();
        var groupChunks = 0;
        void Flush()
        {
            var (count, groupTokens) = EmbedAndCommit(group, embedClock, cancellationToken);
            embedded += count;
            tokens += groupTokens;
            done += group.Count;
            group.Clear();
            groupChunks = 0;
            progress?.Report(new IndexProgress(done, paths.Count, embedded,
                embedClock.Elapsed.TotalSeconds > 0 ? embedded / embedClock.Elapsed.TotalSeconds : 0));
        }
        foreach (var file in changed)
        {
            var row = Prepare(file);
            group.Add(row);
            groupChunks += row.Entries.Sum(e => e.Chunks.Count);
            if (groupChunks >= ChunksPerCommit) Flush();
        }
        if (group.Count > 0) Flush();

        if (changed.Count > 0 || removed.Count > 0)
        {
            _store.CollectGarbage();
            _corpus = null;
        }
        _store.SetMeta("journal_folder", JournalFolder);
        _store.SetMeta("model_id", _options.Model.Id);
        _store.SetMeta("last_indexed_at", _options.Clock.GetUtcNow().ToString("O"));

        var (files, entries, chunks) = _store.Counts();
        return new IndexSummary(files, entries, chunks, embedded, Math.Max(0, chunks - embedded), tokens,
            changed.Count, removed.Count,
            _store.SkippedFiles().Select(s => new SkippedFile(s.Path, s.Reason)).ToList(),
            _store.Warnings().Select(w => new SkippedFile(w.Path, w.Warning)).ToList(),
            clock.Elapsed.TotalSeconds);
    }

    private FileRow Prepare(JournalFile file)
    {
        if (file.Text is null)
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, file.SkipReason, file.Warnings, []);
        try
        {
            var parsed = JournalParser.Parse(file.RelativePath, file.Text);
            var warnings = file.Warnings.Concat(parsed.Warnings).ToList();
            if (parsed.IsPrivate)
                return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, "marked private in front matter", warnings, []);
            var chunker = Chunker;
            var entries = parsed.Entries.Select(entry => new EntryRow(entry.Date, entry.StartLine, entry.EndLine, entry.Heading,
                chunker.Chunk(entry).Select(c => new ChunkRow(c.Ordinal, c.StartLine, c.EndLine, c.TokenCount, c.Text, KeyOf(c.Text))).ToList())).ToList();
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, null, warnings, entries);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A parser bug on one odd file must not stop the journal from being indexed.
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, $"could not be parsed: {e.Message}", file.Warnings, []);
        }
    }

    private EntryChunker? _chunker;
    private EntryChunker Chunker => _chunker ??= new EntryChunker(Embedder.CountTokens, _options.Chunker);

    private (int Embedded, long Tokens) EmbedAndCommit(List<FileRow> files, Stopwatch embedClock, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<byte[], ChunkRow>(ByteArrayComparer.Instance);
        foreach (var chunk in files.SelectMany(f => f.Entries).SelectMany(e => e.Chunks))
            pending.TryAdd(chunk.EmbeddingKey, chunk);
        var keys = _store.MissingEmbeddings(pending.Keys).ToList();
        var texts = keys.Select(k => pending[k].Text).ToList();

        embedClock.Start();
        var vectors = texts.Count == 0 ? [] : Embedder.Embed(texts, cancellationToken);
        embedClock.Stop();

        // The chunker already counted each chunk's tokens; +2 for [CLS] and [SEP].
        var tokens = keys.Sum(k => (long)Math.Min(pending[k].TokenCount + 2, _options.Model.MaxTokens));
        _store.Commit(keys.Zip(vectors), files, _options.Clock.GetUtcNow());
        return (keys.Count, tokens);
    }

    // The vector cache key: SHA-256 over model id, chunker version and text, so a change to either re-embeds.
    private byte[] KeyOf(string text) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{_options.Model.Id}\n{_options.Chunker.Version}\n{text}"));

    private SearchCorpus Corpus => _corpus ??= _store.LoadCorpus(_options.Model.Dimensions);

    /// <summary>
    /// Answers a question in plain words: its framing ("tell me about a day when") is dropped, date phrases in it ("in 2019", "last year") filter the days and are not
    /// embedded; the rest is embedded and every chunk scored. Entries come best first with their best passage.
    /// A question that is only a date phrase lists that period's entries in date order.
    /// </summary>
    public IReadOnlyList<SearchResult> Ask(string question, AskOptions? options = null)
    {
        options ??= new AskOptions();
        var today = DateOnly.FromDateTime(_options.Clock.GetLocalNow().DateTime);
        var parsed = DatePhraseParser.Parse(question, today);
        var explicitRange = options.From is null && options.To is null ? null : new DateRange(options.From, options.To);
        var range = DateRange.Intersect(parsed.Range, explicitRange);
        var corpus = Corpus;

        if (string.IsNullOrWhiteSpace(parsed.Text))
        {
            var inRange = Enumerable.Range(0, corpus.Entries.Count)
                .Where(e => (range?.Contains(corpus.Entries[e].Date) ?? true) && corpus.ChunksOf(e).Count > 0)
                .OrderBy(e => corpus.Entries[e].Date).Take(options.Top)
                .Select(e => new EntryHit(e, corpus.ChunksOf(e)[0], 0f)).ToList();
            return ToResults(corpus, inRange);
        }
        var query = Embedder.EmbedQuery(QuestionFraming.Strip(parsed.Text));
        return ToResults(corpus, DenseRanker.Rank(corpus, query, options.Top, e => range?.Contains(e.Date) ?? true));
    }

    /// <summary>
    /// The entries that read most like the given one, best first, leaving out the entry itself and the days within
    /// <see cref="SimilarQuery.NeighbourDays"/> of it. See <see cref="DenseRanker.RankSimilar"/>.
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches the date or file.</exception>
    public IReadOnlyList<SearchResult> Similar(SimilarQuery query)
    {
        var corpus = Corpus;
        var source = FindEntry(corpus, query);
        var sourceChunks = corpus.ChunksOf(source);
        if (sourceChunks.Count == 0) throw new JournalException("that entry has no indexed text yet");
        var self = corpus.Entries[source];
        bool Include(EntryInfo e) =>
            e.Id != self.Id && !(e.Date is { } d && self.Date is { } s && Math.Abs(d.DayNumber - s.DayNumber) <= query.NeighbourDays);
        return ToResults(corpus, DenseRanker.RankSimilar(corpus, sourceChunks, query.Top, Include));
    }

    private int FindEntry(SearchCorpus corpus, SimilarQuery query)
    {
        var entries = corpus.Entries;
        if (query.Path is { } path)
        {
            var relative = Path.GetRelativePath(JournalFolder, Path.GetFullPath(path, JournalFolder)).Replace('\\', '/');
            var inFile = Enumerable.Range(0, entries.Count).Where(i => entries[i].Path == relative).ToList();
            if (inFile.Count == 0) throw new JournalException($"'{relative}' has no indexed entries (is it in {JournalFolder}?)");
            if (query.Line is not { } line) return inFile[0];
            return inFile.Where(i => entries[i].StartLine <= line).DefaultIfEmpty(inFile[0]).Last();
        }
        if (query.Date is { } date)
        {
            for (var i = 0; i < entries.Count; i++)
                if (entries[i].Date == date) return i;
            throw new JournalException($"no entry for {date:yyyy-MM-dd} in the index");
        }
        throw new JournalException("give a date or a file to find similar days");
    }

    private List<SearchResult> ToResults(SearchCorpus corpus, IReadOnlyList<EntryHit> hits)
    {
        var texts = _store.ChunkTexts(hits.Select(h => corpus.Chunks[h.Chunk].Id));
        return hits.Select(h =>
        {
            var entry = corpus.Entries[h.Entry];
            var chunk = corpus.Chunks[h.Chunk];
            return new SearchResult(entry.Date, entry.Path, chunk.StartLine, chunk.EndLine, Math.Round(h.Score, 4),
                Snippet.Of(texts.GetValueOrDefault(chunk.Id, "")), entry.StartLine, entry.EndLine, entry.Heading);
        }).ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_embedder.IsValueCreated) _embedder.Value.Dispose();
        _store.Dispose();
    }
}
