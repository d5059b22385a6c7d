using JournalLsp.Core.Search;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Indexing.Storage;

namespace JournalLsp.Indexing;

/// <summary>
/// The journal engine, a facade over the index's single writer (<see cref="Indexer"/>) and its snapshot reader
/// (<see cref="IndexReader"/>): it keeps the index of one journal folder fresh and answers "ask", "similar days" and
/// "on this day" with the pure rules of <c>Core/Search</c>. Everything runs locally.
/// <para>Thread safety: writes (<see cref="Index"/>, <see cref="UpdateFile"/>, <see cref="RemoveFile"/>,
/// <see cref="DeleteIndex"/>) run one at a time, and <see cref="MarkSeen"/> is serialised with them on the one write
/// connection; queries may run on any thread at any moment,
/// also during an indexing run, and see everything committed so far (each commit holds whole files).</para>
/// </summary>
public sealed class JournalEngine : IDisposable
{
    private readonly JournalEngineOptions _options;
    private readonly Lazy<ITextEmbedder> _embedder;
    private readonly SeenLog _seen = new();
    private readonly Indexer _indexer;
    private readonly IndexReader _reader;

    private JournalEngine(JournalEngineOptions options, IndexWriteStore store)
    {
        _options = options;
        _embedder = new Lazy<ITextEmbedder>(() => options.Embedder
            ?? OnnxEmbeddingGenerator.Create(options.Model, options.ModelFolder ?? IndexLocation.ModelFolder(), options.Threads));
        _indexer = new Indexer(options, store, _embedder, _seen);
        _reader = new IndexReader(_indexer, IndexReadStore.Open(store.Path), options.Model.Dimensions);
        _indexer.Reopened = _reader.Reopen;
    }

    /// <summary>The journal folder, full path.</summary>
    public string JournalFolder => _indexer.JournalFolder;

    /// <summary>The index file.</summary>
    public string IndexPath => _indexer.IndexPath;

    /// <summary>The embedding model's id.</summary>
    public string ModelId => _options.Model.Id;

    /// <summary>Files larger than this are skipped (bytes); see <see cref="JournalEngineOptions.MaxFileBytes"/>.</summary>
    public long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>Which files are indexed. A change takes effect at the next <see cref="Index"/> run.</summary>
    public JournalFilter Filter
    {
        get => _indexer.Filter;
        set => _indexer.Filter = value;
    }

    /// <summary>
    /// The front-matter key that marks a file private, besides <c>private</c> (see <see cref="Core.Journal.JournalParser.Parse"/>).
    /// A change takes effect for files parsed afterwards: follow it with <see cref="Rebuild"/>.
    /// </summary>
    public string PrivateFlag
    {
        get => _indexer.PrivateFlag;
        set => _indexer.PrivateFlag = value;
    }

    /// <summary>The embedder (the ONNX model, loaded on first use, unless the options gave one).</summary>
    public ITextEmbedder Embedder => _embedder.Value;

    /// <summary>Opens (or creates) the index for <see cref="JournalEngineOptions.JournalFolder"/>. The model loads on first use.</summary>
    /// <exception cref="DirectoryNotFoundException">When the journal folder does not exist.</exception>
    public static JournalEngine Open(JournalEngineOptions options)
    {
        if (!Directory.Exists(options.JournalFolder))
            throw new DirectoryNotFoundException(File.Exists(options.JournalFolder)
                ? $"the journal is a folder, and {options.JournalFolder} is a file"
                : $"journal folder not found: {options.JournalFolder}");
        if (options.Embedder is { } embedder) options = options with { Model = embedder.Model };
        var path = options.IndexPath ?? IndexLocation.DefaultIndexPath(options.JournalFolder, options.Model);
        var store = IndexWriteStore.Open(path);
        try
        {
            return new JournalEngine(options, store);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == Storage.SqliteStore.Corrupt)
        {
            // Damage past the pages opening reads (the seen-log, the template lines): start from an empty index.
            store.Dispose();
            store = IndexWriteStore.OpenAfterDamage(path, "SQLite found it malformed");
            return new JournalEngine(options, store);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Brings the index in line with the folder: new and changed files are parsed, chunked and embedded (only chunks
    /// whose text has no vector yet), deleted and no longer included files leave. Bad files are skipped with a reason;
    /// nothing throws for them. Waits for any other write to finish first.
    /// </summary>
    /// <exception cref="OperationCanceledException">When cancelled; what was committed so far stays valid.</exception>
    public IndexSummary Index(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _indexer.Index(progress, rebuild: false, Status, cancellationToken);

    /// <summary>
    /// Like <see cref="Index(IProgress{IndexProgress}?, CancellationToken)"/>, but every file is read, parsed and chunked
    /// again even when unchanged (after a parser fix, or when in doubt). Vectors of unchanged chunk text are still reused.
    /// </summary>
    public IndexSummary Rebuild(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
        _indexer.Index(progress, rebuild: true, Status, cancellationToken);

    /// <summary>
    /// Re-indexes one file now, from <paramref name="text"/> (an editor's unsaved buffer) or, when null, from disk.
    /// Only chunks whose text changed are embedded. A file that is gone from disk, or outside the journal's filter,
    /// leaves the index.
    /// </summary>
    /// <param name="path">The file, absolute or relative to the journal folder.</param>
    /// <param name="text">The file's current text, or null to read the disk.</param>
    /// <param name="cancellationToken">Cancels before the commit; the index keeps its previous state.</param>
    /// <returns>What changed; <see cref="FileUpdate.Outside"/> for a path outside the journal folder (nothing done).</returns>
    public FileUpdate UpdateFile(string path, string? text = null, CancellationToken cancellationToken = default) =>
        RelativePath(path) is { } relative ? _indexer.UpdateFile(relative, text, cancellationToken) : FileUpdate.Outside;

    /// <summary>Removes one file from the index (it was deleted). A path outside the journal does nothing.</summary>
    public FileUpdate RemoveFile(string path) =>
        RelativePath(path) is { } relative ? _indexer.RemoveFile(relative) : FileUpdate.Outside;

    /// <summary>
    /// Records that the entries of a file were opened in an editor now (kept in the index, used by
    /// <see cref="SimilarQuery.ForgottenWeight"/>). Returns how many entries were marked; a file not indexed marks none.
    /// </summary>
    public int MarkSeen(string path)
    {
        if (RelativePath(path) is not { } relative) return 0;
        var keys = _reader.Corpus.Entries.Where(e => e.Path == relative).Select(EntryKey.Of).Distinct().ToList();
        return _indexer.MarkSeen(keys, _options.Clock.GetUtcNow());
    }

    /// <summary>
    /// Deletes everything this engine stored for the journal (<see cref="IndexLocation.DeleteIndex"/>: the index, its
    /// WAL and shared memory, the seen-log inside it, and its folder; at the default location the other models'
    /// indexes of the journal too, <see cref="IndexLocation.DeleteIndexes"/>). Waits for a running write to finish first.
    /// Afterwards queries answer from an empty index, and the next write creates a fresh one.
    /// </summary>
    /// <returns>The paths deleted.</returns>
    /// <exception cref="IOException">When a file cannot be deleted.</exception>
    public IReadOnlyList<string> DeleteIndex() => _indexer.Close(() =>
    {
        _reader.Close();
        // At the default location the journal's indexes of the other models go too: everything stored for it.
        return IndexPath == IndexLocation.DefaultIndexPath(JournalFolder, _options.Model)
            ? IndexLocation.DeleteIndexes(JournalFolder)
            : IndexLocation.DeleteIndex(IndexPath);
    });

    /// <summary>
    /// The path of <paramref name="path"/> relative to the journal folder, '/'-separated, or null when it lies
    /// outside the folder.
    /// </summary>
    public string? RelativePath(string path) => JournalFiles.RelativePath(JournalFolder, path);

    /// <summary>What the index holds now (read from the last commit; cheap enough to call during indexing).</summary>
    public IndexStatus Status() => _reader.Status();

    /// <summary>
    /// Answers a question in plain words: its framing ("tell me about a day when") is dropped, date phrases in it
    /// ("in 2019", "last year") filter the days and are not embedded; the rest is embedded and every chunk scored.
    /// Entries come best first with their best passage (hybrid: <see cref="Fusion.Hybrid"/>; the first k are the same
    /// for every top from k to <see cref="Fusion.Depth"/>), each marked <see cref="SearchResult.Related"/> as
    /// <see cref="Relatedness.ToQuestion"/> judges it from its best dense cosine and the share of the question's words
    /// it holds (not judged with BM25 alone). A question that is only a date phrase lists that period's entries in date
    /// order.
    /// </summary>
    /// <exception cref="InvalidQueryException">When the question breaks <see cref="QuestionRules.Check"/>.</exception>
    public IReadOnlyList<SearchResult> Ask(string question, AskOptions? options = null)
    {
        options ??= new AskOptions();
        QuestionRules.Check(question, options.From, options.To);
        var (parsed, range) = Understand(question, options);
        var corpus = _reader.Corpus;
        if (string.IsNullOrWhiteSpace(parsed.Text)) return ToResults(corpus, EntrySelection.InDateOrder(corpus, range, options.Top));
        var text = QuestionFraming.Strip(parsed.Text);
        var lists = Lists(corpus, text, range, options.Ranking, Math.Max(options.Top, Fusion.Depth));
        if (options.Ranking == Ranking.Bm25) return ToResults(corpus, lists.Bm25.Take(options.Top).ToList()); // no dense evidence: not judged
        var hits = options.Ranking switch
        {
            Ranking.Dense => lists.Passages.Take(options.Top).ToList(),
            Ranking.Rrf => Fusion.Rrf([lists.Passages, lists.Bm25], options.Top),
            _ => Fusion.Hybrid(lists, options.Top),
        };
        var evidence = Evidence(corpus, text, hits, lists);
        return ToResults(corpus, hits).Select((r, i) => r with
        {
            Related = Relatedness.ToQuestion(evidence[i].Cosine, evidence[i].WordShare), Evidence = evidence[i],
        }).ToList();
    }

    /// <summary>
    /// The ranked lists <see cref="Ask"/> fuses for <paramref name="question"/> (the first <see cref="Fusion.Depth"/> of
    /// each, date phrases and <paramref name="options"/>' From and To applied), for evaluation and for explaining a
    /// ranking, with the snapshot's entries that <see cref="EntryHit.Entry"/> indexes. A question that is only a date
    /// phrase has no lists.
    /// </summary>
    /// <exception cref="InvalidQueryException">When the question breaks <see cref="QuestionRules.Check"/>.</exception>
    public (IReadOnlyList<EntryInfo> Entries, QuestionLists Lists) AskLists(string question, AskOptions? options = null)
    {
        QuestionRules.Check(question, needsWords: false);
        options ??= new AskOptions();
        var (parsed, range) = Understand(question, options);
        var corpus = _reader.Corpus;
        return (corpus.Entries, string.IsNullOrWhiteSpace(parsed.Text) ? QuestionLists.None
            : Lists(corpus, QuestionFraming.Strip(parsed.Text), range, options.Ranking, Math.Max(options.Top, Fusion.Depth)));
    }

    // The lists a ranking needs (BM25 alone, passages alone for dense, or all three), each Fusion.Depth deep for any
    // top up to it (deeper for a larger top): fusion reads the lists' first Fusion.Depth scores, so the first k results
    // are the same for every top from k to Fusion.Depth.
    private QuestionLists Lists(SearchCorpus corpus, string text, DateRange? range, Ranking ranking, int depth)
    {
        bool Include(EntryInfo e) => range?.Contains(e.Date) ?? true;
        QuestionLists Lexical() => Bm25(corpus, text, Include, depth);
        if (ranking == Ranking.Bm25) return Lexical();
        return Beside<QuestionLists, QuestionLists>(ranking == Ranking.Dense ? null : Lexical, bm25 =>
        {
            var query = _queries.GetOrAdd(text, Embedder.EmbedQuery);
            var passages = DenseRanker.Rank(corpus, query, depth, Include);
            var windows = ranking == Ranking.Hybrid && corpus.Windows.Count > 0 ? DenseRanker.RankWindows(corpus, query, depth, Include) : [];
            return (bm25?.Invoke() ?? QuestionLists.None) with { Passages = passages, Windows = windows };
        });
    }

    // The question's BM25 list (the first depth entries that include allows, each by its best chunk) and its ceiling;
    // the dense lists empty.
    private QuestionLists Bm25(SearchCorpus corpus, string text, Func<EntryInfo, bool> include, int depth)
    {
        Func<string, int> frequencies = _reader.Frequencies(LexicalRanker.Words(text).ToList()).GetValueOrDefault;
        if (LexicalRanker.MatchExpression(text, frequencies, corpus.Chunks.Count) is not { } match) return QuestionLists.None;
        return new QuestionLists([], [], LexicalRanker.Rank(corpus, _reader.Bm25(corpus, match, depth * Bm25ChunksPerEntry), depth, include),
            LexicalRanker.Bm25Ceiling(text, frequencies, corpus.Chunks.Count));
    }

    // What relatedness to the question is judged on (Relatedness.ToQuestion), for each hit: its best cosine, read from
    // its own rows (a hit BM25 alone found has no dense score yet; the question's vector is cached), and its share of
    // the question's words.
    private (float Cosine, double WordShare)[] Evidence(SearchCorpus corpus, string text, IReadOnlyList<EntryHit> hits, QuestionLists lists)
    {
        var query = _queries.GetOrAdd(text, Embedder.EmbedQuery);
        var shares = lists.WordShares();
        return [.. hits.Select(h => (DenseRanker.BestCosine(corpus, query, h.Entry), shares.GetValueOrDefault(h.Entry)))];
    }

    // Runs the BM25 half (SQLite) on another core while this one runs the dense half (the model, the SIMD scoring):
    // the caller waits for the longer of the two, not their sum. rank gets the BM25 hits' getter, null without one.
    // The BM25 half is never left running once the caller has its answer: its fault, if any, reaches the caller through
    // the getter; if the dense half threw first, that is the error reported.
    private static T Beside<TLexical, T>(Func<TLexical>? lexical, Func<Func<TLexical>?, T> rank)
    {
        var bm25 = lexical is null ? null : Task.Run(lexical);
        try
        {
            return rank(bm25 is null ? null : () => bm25.GetAwaiter().GetResult());
        }
        finally
        {
            try
            {
                bm25?.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }

    /// <summary>
    /// The journal over time (<see cref="Core.Search.Timeline.Bin"/>): dated entries per month or week and, for a
    /// question, the days related to it as <see cref="Ask"/> judges them (<see cref="Relatedness.ToQuestion"/>). The
    /// question's date phrase ("in 1665") and <paramref name="from"/>/<paramref name="to"/> narrow the days as they
    /// narrow <see cref="Ask"/>'s. One dense
    /// scoring of every passage and window and one BM25 query: about as costly as an ask.
    /// </summary>
    /// <param name="question">A question or phrase, or null (or blank) for the entries alone.</param>
    /// <param name="by">Months or weeks.</param>
    /// <param name="from">Earliest day kept, or null.</param>
    /// <param name="to">Latest day kept, or null.</param>
    /// <exception cref="InvalidQueryException">When the question breaks <see cref="QuestionRules.Check"/>.</exception>
    public JournalTimeline Timeline(string? question, TimelineBy by = TimelineBy.Month, DateOnly? from = null, DateOnly? to = null)
    {
        QuestionRules.Check(question, needsWords: false);
        var (parsed, range) = Understand(question ?? "", new AskOptions(From: from, To: to));
        var corpus = _reader.Corpus;
        var dates = corpus.Entries.Where(e => e.Date is not null).Select(e => e.Date!.Value);
        var text = QuestionFraming.Strip(parsed.Text);
        if (string.IsNullOrWhiteSpace(text) || corpus.Chunks.Count == 0)
            return new JournalTimeline(Core.Search.Timeline.Bin(dates, [], by, range), range, null);

        bool Include(EntryInfo e) => e.Date is not null && (range?.Contains(e.Date) ?? true);
        var matches = Beside(() => Bm25(corpus, text, Include, Fusion.Depth), bm25 =>
        {
            var query = _queries.GetOrAdd(text, Embedder.EmbedQuery);
            var best = DenseRanker.Rank(corpus, query, corpus.Entries.Count, Include).ToDictionary(h => h.Entry, h => h.Score);
            if (corpus.Windows.Count > 0)
                foreach (var hit in DenseRanker.RankWindows(corpus, query, corpus.Entries.Count, Include))
                    best[hit.Entry] = Math.Max(best[hit.Entry], hit.Score);
            var shares = bm25!().WordShares();
            return best.Where(b => Relatedness.ToQuestion(b.Value, shares.GetValueOrDefault(b.Key)))
                .Select(b => corpus.Entries[b.Key].Date!.Value).ToList();
        });
        return new JournalTimeline(Core.Search.Timeline.Bin(dates, matches, by, range), range, text);
    }

    /// <summary>
    /// How <see cref="Ask"/> reads <paramref name="question"/>: its date phrase taken out (<see cref="DatePhraseParser"/>,
    /// relative phrases counted from the engine's clock), and the days it keeps: the phrase's range narrowed by
    /// <paramref name="options"/>' From and To, or null for every day. For showing "filtered to 1665".
    /// </summary>
    /// <exception cref="InvalidQueryException">When the question is longer than <see cref="QuestionRules.MaxChars"/>.</exception>
    public (ParsedQuestion Question, DateRange? Range) Understand(string question, AskOptions? options = null)
    {
        QuestionRules.Check(question, needsWords: false);
        var today = DateOnly.FromDateTime(_options.Clock.GetLocalNow().DateTime);
        var parsed = DatePhraseParser.Parse(question, today);
        var explicitRange = options is null || options.From is null && options.To is null ? null : new DateRange(options.From, options.To);
        return (parsed, DateRange.Intersect(parsed.Range, explicitRange));
    }

    // Question -> its embedding (float[384]): a question asked again (the palette's history, a refreshed timeline)
    // skips the model, 9-10 ms of the 17-25 ms an ask takes on Pepys in process (fp32, AVX2; docs/benchmarks.md).
    private readonly QueryCache _queries = new(capacity: 256);

    // Chunks read from the full-text index per entry wanted: entries have a few chunks each, and MaxP needs their best.
    private const int Bm25ChunksPerEntry = 4;

    /// <summary>
    /// The entries that read most like the given one, best first, leaving out the entry itself and the days within
    /// <see cref="SimilarQuery.NeighbourDays"/> of it (<see cref="SimilarDays.Rank"/>). The related ones
    /// (<see cref="Relatedness"/>) come first with <see cref="SearchResult.Related"/> true; the rest, closest first, are
    /// marked false. With <see cref="SimilarQuery.ForgottenWeight"/> above 0, entries opened recently in an editor drop
    /// down their part of the list.
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches, or it has no indexed text yet.</exception>
    public IReadOnlyList<SearchResult> Similar(SimilarQuery query)
    {
        var corpus = _reader.Corpus;
        var days = RankSimilar(corpus, query, query.Ranking != Ranking.Dense);
        return ToResults(corpus, days.Hits).Select((r, i) => r with { Related = i < days.Related }).ToList();
    }

    /// <summary>
    /// How many related days <see cref="Similar"/> would list for <paramref name="query"/> (up to its
    /// <see cref="SimilarQuery.Top"/>), without reading any text: one ranking, a few ms on 10⁴ chunks, remembered until
    /// the index changes (an editor asks for the lenses of a file after every pause in typing). For code lenses.
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches, or it has no indexed text yet.</exception>
    public int RelatedCount(SimilarQuery query)
    {
        var corpus = _reader.Corpus;
        var counts = _relatedCounts.GetValue(corpus, _ => new());
        if (counts.TryGetValue(query, out var count)) return count;
        return counts[query] = RankSimilar(corpus, query, lexical: false).Related; // the count does not depend on the fusion
    }

    // Related counts per corpus snapshot: a new snapshot (after a commit) starts empty, an old one is collected with it.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SearchCorpus, System.Collections.Concurrent.ConcurrentDictionary<SimilarQuery, int>> _relatedCounts = new();

    private RelatedDays RankSimilar(SearchCorpus corpus, SimilarQuery query, bool lexical)
    {
        var source = FindEntry(corpus, query);
        if (corpus.ChunksOf(source).Count == 0) throw new JournalException("that entry has no indexed text yet");
        IReadOnlyList<EntryHit> MoreLikeThis(int top) => _reader.MoreLikeThis(corpus, source) is { } match
            ? LexicalRanker.Rank(corpus, _reader.Bm25(corpus, match, top * Bm25ChunksPerEntry), top)
            : [];
        // The BM25 half: SQLite, 6.7 ms at p50 on Pepys; a hover waits for the longer half, not their sum.
        return Beside<IReadOnlyList<EntryHit>, RelatedDays>(lexical ? () => MoreLikeThis(SimilarDays.PoolSize(query.Top)) : null, bm25 =>
            SimilarDays.Rank(corpus, source, query.Top, query.NeighbourDays, query.ForgottenWeight,
                e => _seen.LastSeen(EntryKey.Of(e)), _options.Clock.GetUtcNow(), bm25 is null ? null : n =>
                {
                    System.Diagnostics.Debug.Assert(n == SimilarDays.PoolSize(query.Top), "Rank asks for PoolSize(top) candidates");
                    return bm25();
                }));
    }

    /// <summary>The longest question <see cref="Ask"/> takes (characters): <see cref="QuestionRules.MaxChars"/>.</summary>
    public const int MaxQuestionChars = QuestionRules.MaxChars;

    /// <summary>
    /// Makes the first request after a start quick: loads the corpus snapshot into memory and ranks the related days of
    /// its first entry once (SQLite's full-text and text reads, the ranking loops JIT-compiled), returning the number of
    /// entries loaded. On an empty index it only opens it. Never writes.
    /// </summary>
    public int Warm()
    {
        var corpus = _reader.Corpus;
        if (corpus.Entries.Count > 0 && corpus.ChunksOf(0).Count > 0)
            _ = ToResults(corpus, RankSimilar(corpus, new SimilarQuery(Entry: EntryKey.Of(corpus.Entries[0]), Top: 3), lexical: true).Hits);
        return corpus.Entries.Count;
    }

    /// <summary>
    /// Reads the full-text index's vocabulary into memory (every stem with the number of chunks holding it; 11,121 on
    /// Pepys, in 50-76 ms), returning the number of stems. Until then, and for words new since, "more like this" and a
    /// question's BM25 query count a word's chunks with a query: the slowest of 200 in-process hovers on days not hovered
    /// before took 45 ms that way, 22 ms with the vocabulary (2-core EPYC). For after an indexing run, when no hover is
    /// waiting; never writes.
    /// </summary>
    public int LoadVocabulary() => _reader.LoadVocabulary();

    /// <summary>Entries from earlier years on the same month and day as <paramref name="date"/>, newest first (<see cref="EntrySelection.OnThisDay"/>).</summary>
    public IReadOnlyList<SearchResult> OnThisDay(DateOnly date, int top = 10)
    {
        var corpus = _reader.Corpus;
        return ToResults(corpus, EntrySelection.OnThisDay(corpus, date, top));
    }

    /// <summary>The first entry on <paramref name="date"/> with the start of its text (up to 400 characters), or null.</summary>
    public SearchResult? EntryOn(DateOnly date)
    {
        var corpus = _reader.Corpus;
        return EntrySelection.FirstOn(corpus, date) is { } hit ? ToResults(corpus, [hit], snippetChars: 400)[0] : null;
    }

    // The entry a similar-days query names, by key, by file (and line) or by day; the errors are for the person asking.
    private int FindEntry(SearchCorpus corpus, SimilarQuery query)
    {
        // By key first (where the editor has the entry, so an edit above it does not matter); when the index does not
        // know that key yet (a heading being typed), the entry of the file holding the line, as the index has it.
        if (query.Entry is { } key && EntrySelection.Find(corpus, key, query.Line) is { } found) return found;
        if (query.Path is { } path)
        {
            var relative = RelativePath(path) ?? throw new JournalException($"'{path}' is not in the journal folder {JournalFolder}");
            return EntrySelection.FindInFile(corpus, relative, query.Line)
                ?? throw new JournalException($"'{relative}' has no indexed entries (is it in {JournalFolder}?)");
        }
        if (query.Date is { } date)
            return EntrySelection.FindOn(corpus, date) ?? throw new JournalException($"no entry for {date:yyyy-MM-dd} in the index");
        if (query.Entry is { } unknown) throw new JournalException($"{unknown.Path} ({unknown.Name}) is not indexed yet");
        throw new JournalException("give a date or a file to find similar days");
    }

    private List<SearchResult> ToResults(SearchCorpus corpus, IReadOnlyList<EntryHit> hits, int snippetChars = 280) =>
        _reader.Results(corpus, hits, e => _seen.LastSeen(EntryKey.Of(e)), snippetChars);

    /// <inheritdoc />
    public void Dispose()
    {
        _indexer.Dispose(); // waits for a running write
        _reader.Dispose();
        if (_options.Embedder is null && _embedder.IsValueCreated) _embedder.Value.Dispose();
    }
}
