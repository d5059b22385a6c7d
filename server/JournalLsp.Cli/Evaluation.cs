using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using JournalLsp.Core.Search;
using JournalLsp.Indexing;

namespace JournalLsp.Cli;

/// <summary>
/// <c>eval beir</c>: retrieval quality on a BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/&lt;split&gt;.tsv),
/// through the same code path as <c>ask</c>. Each document becomes a note of its own (<c># title</c>, then the text)
/// in a work folder, is indexed like any journal, and each judged query is asked for its top 100; nDCG@10,
/// recall@10 and recall@100 are computed as BEIR does (<see cref="RetrievalMetrics"/>).
/// </summary>
internal static class Evaluation
{
    private const int Depth = 100;

    /// <summary>The chunker for <c>--chunk-tokens</c>: the default one, or chunks of that many tokens with min(16, N/4) overlap.</summary>
    /// <exception cref="JournalException">When the size is not between 16 and 254 tokens.</exception>
    public static Core.Chunking.ChunkerOptions Chunker(int? tokens) => tokens switch
    {
        null => new(),
        >= 16 and <= 254 => new(TargetTokens: tokens.Value, OverlapTokens: Math.Min(16, tokens.Value / 4)),
        _ => throw new JournalException($"--chunk-tokens must be between 16 and 254, not {tokens}"),
    };

    /// <summary>Prints the figures (text, or one JSON object with <paramref name="json"/>); returns the exit code.</summary>
    /// <exception cref="JournalException">When the folder is not in BEIR's format.</exception>
    public static int Beir(string folder, Ranking ranking, string split, string? workFolder, Core.Chunking.ChunkerOptions chunker,
        Indexing.Embeddings.EmbeddingModelInfo model, string? runFile, bool json, string? listsFile = null)
    {
        folder = Path.GetFullPath(folder);
        var qrelsPath = Path.Combine(folder, "qrels", split + ".tsv");
        foreach (var required in new[] { Path.Combine(folder, "corpus.jsonl"), Path.Combine(folder, "queries.jsonl"), qrelsPath })
            if (!File.Exists(required)) throw new JournalException($"not a BEIR folder: {required} is missing");
        var work = Path.GetFullPath(workFolder ?? Path.Combine(".cache", "eval", Path.GetFileName(folder)));
        var docs = WriteNotes(Path.Combine(folder, "corpus.jsonl"), Path.Combine(work, "docs"));

        var qrels = ReadQrels(qrelsPath);
        var queries = ReadQueries(folder);

        using var engine = JournalEngine.Open(new JournalEngineOptions { JournalFolder = docs, IndexPath = Path.Combine(work, IndexLocation.IndexFileName(model)), Model = model, Chunker = chunker });
        CliApp.IndexWithProgress(engine, quiet: true);
        var clock = Stopwatch.StartNew();
        var runs = new Dictionary<string, IReadOnlyList<string>>();
        using var run = runFile is null ? null : new StreamWriter(runFile);
        if (listsFile is not null) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(listsFile))!);
        using var lists = listsFile is null ? null : new StreamWriter(listsFile);
        var snapshot = engine.Snapshot(); // one for the whole batch
        foreach (var id in qrels.Keys)
        {
            if (!queries.TryGetValue(id, out var text)) continue;
            var results = Questions.Ask(snapshot, text, new AskOptions(Depth, Ranking: ranking));
            lists?.WriteLine(ListsJson(id, qrels[id].Where(j => j.Value > 0).Select(j => j.Key), (snapshot.Corpus.Entries, Questions.Lists(snapshot, text)),
                e => Path.GetFileNameWithoutExtension(e.Path)["doc-".Length..]));
            runs[id] = results.Select(r => Path.GetFileNameWithoutExtension(r.Path)["doc-".Length..]).ToList();
            // TREC run format (trec_eval, pytrec_eval): qid Q0 docid rank score tag.
            for (var i = 0; i < results.Count; i++)
                run?.WriteLine(FormattableString.Invariant($"{id} Q0 {runs[id][i]} {i + 1} {results[i].Score} {CliApp.RankingName(ranking)}"));
        }
        var ms = clock.Elapsed.TotalMilliseconds / Math.Max(1, runs.Count);

        double ndcg10 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.NdcgAt(r, q, 10));
        double recall10 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.RecallAt(r, q, 10));
        double recall100 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.RecallAt(r, q, 100));
        var mode = CliApp.RankingName(ranking);
        if (json)
            Output.WriteJson(new JsonObject
            {
                ["mode"] = mode, ["ndcg10"] = Math.Round(ndcg10, 4), ["recall10"] = Math.Round(recall10, 4),
                ["recall100"] = Math.Round(recall100, 4), ["queries"] = runs.Count,
            });
        else
            Console.WriteLine($"{Path.GetFileName(folder)} {split}, {mode}: nDCG@10 {ndcg10:F4}, recall@10 {recall10:F4}, " +
                              $"recall@100 {recall100:F4} over {runs.Count} queries ({ms:F1} ms a query)");
        return 0;
    }

    /// <summary>
    /// The pipeline check, with our chunking switched off, as MTEB evaluates: one vector per document from its first
    /// 256 tokens of "title text", the query embedded as the model card says, exhaustive cosine, top 100. For
    /// all-MiniLM-L6-v2 MTEB publishes nDCG@10 0.6451 on SciFact; a figure far from it means a bug in tokenisation,
    /// truncation, pooling or normalisation.
    /// </summary>
    public static int BeirWholeDocuments(string folder, string split, bool json)
    {
        folder = Path.GetFullPath(folder);
        var qrels = ReadQrels(Path.Combine(folder, "qrels", split + ".tsv"));
        var queries = ReadQueries(folder);
        var docs = ReadCorpus(Path.Combine(folder, "corpus.jsonl")).Select(d => (d.Id, $"{d.Title} {d.Text}".Trim())).ToList();
        using var embedder = Indexing.Embeddings.OnnxEmbeddingGenerator.Create(Indexing.Embeddings.EmbeddingModelInfo.MiniLmL6V2, IndexLocation.ModelFolder());
        var clock = Stopwatch.StartNew();
        var vectors = embedder.Embed(docs.Select(d => d.Item2).ToList()); // truncated at the model's 256 tokens
        Console.Error.WriteLine($"embedded {docs.Count:N0} documents in {clock.Elapsed.TotalSeconds:F1} s");
        var runs = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var id in qrels.Keys)
        {
            if (!queries.TryGetValue(id, out var text)) continue;
            var q = embedder.EmbedQuery(text);
            runs[id] = TopK.Best(vectors.Select((v, i) => new EntryHit(i, i, System.Numerics.Tensors.TensorPrimitives.Dot(v, q))), Depth)
                .Select(h => docs[h.Entry].Item1).ToList();
        }
        var ndcg10 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.NdcgAt(r, q, 10));
        var recall10 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.RecallAt(r, q, 10));
        var recall100 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.RecallAt(r, q, 100));
        if (json)
            Output.WriteJson(new JsonObject
            {
                ["mode"] = "whole-documents", ["ndcg10"] = Math.Round(ndcg10, 4), ["recall10"] = Math.Round(recall10, 4),
                ["recall100"] = Math.Round(recall100, 4), ["queries"] = runs.Count,
            });
        else Console.WriteLine($"{Path.GetFileName(folder)} {split}, dense, one vector per document (MTEB's way): nDCG@10 {ndcg10:F4}, recall@100 {recall100:F4} over {runs.Count} queries");
        return 0;
    }

    /// <summary>
    /// <c>eval days</c>: day-level quality on a question file (<see cref="ReadQuestions"/>): each question is asked like
    /// <c>ask</c> does, its results' days in order are the run, and success@1, success@5 and MRR@10 are averaged over
    /// the questions with accepted days, overall and per kind, each with a 95% bootstrap interval. Where the ranking
    /// judges relevance: misses, the share of accepted days in the first 10 marked unrelated; false alarms, the share
    /// of the first 5 results of off-topic questions (no accepted day) marked related.
    /// </summary>
    public static int Days(JournalEngine engine, string questionsFile, Ranking ranking, bool json, string? listsFile = null)
    {
        var questions = ReadQuestions(questionsFile);
        CliApp.IndexWithProgress(engine, quiet: true);
        static string Key(SearchResult r) => r.Date?.ToString("yyyy-MM-dd") ?? r.Path;
        static string KeyOf(Core.Search.EntryInfo e) => e.Date?.ToString("yyyy-MM-dd") ?? e.Path;
        // Each question's lists before fusion, asked once: for --lists and for the confident BM25 matches (not with BM25
        // alone, which has no fusion to judge).
        var snapshot = engine.Snapshot(); // one for the whole batch
        var lists = listsFile is not null || ranking != Ranking.Bm25
            ? questions.ToDictionary(q => q, q => (snapshot.Corpus.Entries, Lists: Questions.Lists(snapshot, q.Text))) : [];
        var asked = questions.Select(q => (Question: q, Results: Questions.Ask(snapshot, q.Text, new AskOptions(10, Ranking: ranking)))).ToList();
        if (listsFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(listsFile))!);
            File.WriteAllLines(listsFile, questions.Select(q => ListsJson(q.Text, q.Days, lists[q], KeyOf)));
            // The relevance evidence of each question's first 10 results, for calibrating Relatedness.ToQuestion.
            File.WriteAllLines(Path.ChangeExtension(listsFile, ".evidence.jsonl"), asked.Select(a => new JsonObject
            {
                ["id"] = a.Question.Text, ["kind"] = a.Question.Kind,
                ["results"] = new JsonArray([.. a.Results.Select(r => (JsonNode)new JsonArray(Key(r), a.Question.Days.Contains(Key(r)),
                    r.Evidence is { } e ? Math.Round(e.Cosine, 4) : null, r.Evidence is { } f ? Math.Round(f.WordShare, 4) : null))]),
            }.ToJsonString()));
        }
        var scored = asked.Where(a => a.Question.Days.Count > 0).Select(a =>
        {
            var run = a.Results.Select(Key).Distinct().ToList();
            var judged = a.Question.Days.ToDictionary(d => d, _ => 1);
            return (a.Question, Run: run, S1: RetrievalMetrics.SuccessAt(run, judged, 1), S5: RetrievalMetrics.SuccessAt(run, judged, 5),
                Rr: RetrievalMetrics.ReciprocalRankAt(run, judged, 10));
        }).ToList();
        // Questions with accepted days whose BM25 list has a confident first match (Fusion.IsConfident), and those of
        // them whose run leaves it out of the first 3.
        var confident = ranking == Ranking.Bm25 ? [] : asked.Where(a => a.Question.Days.Count > 0 && Core.Search.Fusion.IsConfident(lists[a.Question].Lists.Bm25))
            .Select(a => (a.Results, Match: KeyOf(lists[a.Question].Entries[lists[a.Question].Lists.Bm25[0].Entry]))).ToList();
        var confidentMissed = confident.Count(c => !c.Results.Take(3).Any(r => Key(r) == c.Match));
        var judges = asked.Any(a => a.Results.Any(r => r.Related is not null));
        var found = asked.SelectMany(a => a.Results.Where(r => a.Question.Days.Contains(Key(r)))).ToList();
        var offTopic = asked.Where(a => a.Question.Days.Count == 0).SelectMany(a => a.Results.Take(5)).ToList();
        double? misses = judges && found.Count > 0 ? (double)found.Count(r => r.Related != true) / found.Count : null;
        double? falseAlarms = judges && offTopic.Count > 0 ? (double)offTopic.Count(r => r.Related == true) / offTopic.Count : null;

        JsonObject Figures(IReadOnlyList<(Question Question, List<string> Run, double S1, double S5, double Rr)> set)
        {
            var figures = new JsonObject();
            AddMean(figures, "success1", set.Select(x => x.S1));
            AddMean(figures, "success5", set.Select(x => x.S5));
            AddMean(figures, "mrr10", set.Select(x => x.Rr));
            figures["questions"] = set.Count;
            return figures;
        }
        var all = Figures(scored);
        var kinds = new JsonObject();
        foreach (var kind in scored.Select(x => x.Question.Kind).Where(k => k is not null).Distinct().Order())
            kinds[kind!] = Figures(scored.Where(x => x.Question.Kind == kind).ToList());
        var mode = CliApp.RankingName(ranking);
        if (json)
        {
            var result = new JsonObject { ["mode"] = mode };
            foreach (var (name, value) in all) result[name] = value?.DeepClone();
            if (kinds.Count > 0) result["kinds"] = kinds;
            if (misses is not null) result["misses"] = Math.Round(misses.Value, 4);
            if (offTopic.Count > 0)
            {
                result["offTopic"] = asked.Count(a => a.Question.Days.Count == 0);
                if (falseAlarms is not null) result["falseAlarms"] = Math.Round(falseAlarms.Value, 4);
            }
            if (ranking != Ranking.Bm25)
            {
                result["confidentBm25"] = confident.Count;
                result["confidentBm25Missed"] = confidentMissed;
            }
            // Per question the 1-based rank of its first accepted day in the first 10 (null for none), for paired
            // comparisons of two runs (scripts/compare-runs.py).
            result["perQuestion"] = new JsonArray([.. scored.Select(x => (JsonNode)new JsonObject
            {
                ["question"] = x.Question.Text, ["kind"] = x.Question.Kind,
                ["rank"] = x.Run.Take(10).ToList().FindIndex(x.Question.Days.Contains) is var i and >= 0 ? i + 1 : null,
            })]);
            Output.WriteJson(result);
        }
        else
        {
            string Line(JsonObject f) => FormattableString.Invariant(
                $"success@1 {(double)f["success1"]!:F3}, success@5 {(double)f["success5"]!:F3} [{(double)f["success5Interval"]![0]!:F2}-{(double)f["success5Interval"]![1]!:F2}], MRR@10 {(double)f["mrr10"]!:F3} over {(int)f["questions"]!} questions");
            Console.WriteLine($"{Path.GetFileName(questionsFile)}, {mode}: {Line(all)}");
            foreach (var (kind, figures) in kinds) Console.WriteLine($"  {kind}: {Line(figures!.AsObject())}");
            if (misses is not null) Console.WriteLine(FormattableString.Invariant($"  misses: {misses:P1} of {found.Count} accepted days found in the first 10 marked unrelated"));
            if (falseAlarms is not null) Console.WriteLine(FormattableString.Invariant($"  false alarms: {falseAlarms:P1} of {offTopic.Count} results (first 5) of off-topic questions marked related"));
            if (confident.Count > 0) Console.WriteLine($"  confident BM25 matches left out of the first 3: {confidentMissed} of {confident.Count}");
            foreach (var x in scored.Where(x => x.S5 == 0))
                Console.WriteLine($"  missed: {x.Question.Text} (want {string.Join(",", x.Question.Days.Take(3))}; got {string.Join(",", x.Run.Take(3))})");
        }
        return 0;
    }

    /// <summary>
    /// Themes, measured against storylines a reader names (<c>tests/eval/pepys-storylines-*.tsv</c>:
    /// <c>id&lt;TAB&gt;storyline&lt;TAB&gt;days</c>): for each storyline the theme whose days match its days best (F1), how
    /// many storylines have one of F1 ≥ 0.5, how many themes are no storyline's best match at that level, and the time
    /// to find the themes of the whole journal (cold: clustering, labels; memoised: asked again).
    /// </summary>
    /// <exception cref="JournalException">When the storylines file has a line of another shape (nothing is indexed then).</exception>
    public static int Themes(JournalEngine engine, string storylinesFile, int? k, ThemeMethod method, bool json)
    {
        var storylines = ReadStorylines(storylinesFile);
        CliApp.IndexWithProgress(engine, quiet: true);
        var snapshot = engine.Snapshot();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var assigned = ThemesQuery.Assign(snapshot, null, k, method);
        var themes = ThemesQuery.Themes(snapshot, assigned, new ThemeQuery());
        var coldMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        _ = ThemesQuery.Themes(snapshot, ThemesQuery.Assign(snapshot, null, k, method), new ThemeQuery());
        var memoMs = clock.Elapsed.TotalMilliseconds;
        // One year: its first asking (the journal's themes found, this year's days, bins and passages read), then again.
        var years = themes.Themes.SelectMany(t => t.Days).Select(d => d.Year).Distinct().Order().ToList();
        var year = years[Math.Min(5, years.Count - 1)]; // the sixth year of the diary (1665), or its last
        var oneYear = new ThemeQuery(new DateOnly(Math.Max(1, year), 1, 1), new DateOnly(Math.Max(1, year), 12, 31));
        clock.Restart();
        _ = ThemesQuery.Themes(snapshot, assigned, oneYear);
        var yearMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        _ = ThemesQuery.Themes(snapshot, assigned, oneYear);
        var yearMemoMs = clock.Elapsed.TotalMilliseconds;
        if (storylines.Count == 0 || themes.Themes.Count == 0)
        {
            Console.Error.WriteLine(storylines.Count == 0 ? $"error: no storylines in {storylinesFile}" : "error: the journal has no themes (no indexed, dated entries)");
            return 1;
        }
        var results = storylines.Select(s =>
        {
            var best = themes.Themes.Select(t => (Theme: t, F1: Core.Search.Themes.F1(t.Days.ToList(), s.Days))).MaxBy(x => x.F1);
            return (s.Id, s.Name, Days: s.Days.Count, best.Theme, best.F1);
        }).ToList();
        var found = results.Count(r => r.F1 >= 0.5);
        var matched = results.Where(r => r.F1 >= 0.5).Select(r => r.Theme.Id).ToHashSet();
        var unmatched = themes.Themes.Count(t => !matched.Contains(t.Id));
        if (json)
        {
            Output.WriteJson(new JsonObject
            {
                ["storylines"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Id, ["name"] = r.Name, ["days"] = r.Days, ["theme"] = r.Theme.Id, ["label"] = r.Theme.Label,
                    ["themeDays"] = r.Theme.Days.Count, ["f1"] = Math.Round(r.F1, 3),
                })]),
                ["found"] = found, ["total"] = results.Count, ["themes"] = themes.Themes.Count, ["unmatched"] = unmatched,
                ["coldMs"] = Math.Round(coldMs), ["memoisedMs"] = Math.Round(memoMs, 2),
                ["year"] = year, ["yearMs"] = Math.Round(yearMs, 1), ["yearMemoisedMs"] = Math.Round(yearMemoMs, 2),
            });
            return 0;
        }
        foreach (var r in results)
            Console.WriteLine($"{r.Id}  F1 {r.F1:F3}  {r.Days,4} days  theme {r.Theme.Id,2} ({r.Theme.Days.Count} days: {r.Theme.Label})  {r.Name}");
        foreach (var t in themes.Themes)
            Console.WriteLine($"theme {t.Id,2}  {t.Days.Count,4} days  {string.Join(", ", t.Terms)}");
        Console.WriteLine($"{Path.GetFileName(storylinesFile)}, themes ({method}, {themes.Themes.Count}): {found} of {results.Count} storylines found at F1 >= 0.5 (mean best F1 {results.Average(r => r.F1):F3}), {unmatched} themes match no storyline; cold {coldMs:F0} ms, memoised {memoMs:F2} ms; one year ({year}) after that {yearMs:F1} ms, memoised {yearMemoMs:F2} ms");
        return 0;
    }

    /// <summary>
    /// "Find similar days", measured from a file of source days with the days a reader calls related to each
    /// (<c>tests/eval/pepys-related-*.tsv</c>: <c>source date&lt;TAB&gt;related dates[&lt;TAB&gt;story]</c>), or from a
    /// question file, where every question with at least <see cref="MinGroup"/> accepted days names a group of related
    /// days (from each day of a group, the others are the days to find). Days within the neighbour window of a source are
    /// left out of what it should find. Per source: hit@5 (a related day among the first five), recall@10 and MRR@10,
    /// averaged over the sources, each with a 95% bootstrap interval.
    /// </summary>
    public static int Similar(JournalEngine engine, string questionsFile, Ranking ranking, bool json)
    {
        static DateOnly? Day(string text) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var questions = ReadQuestions(questionsFile);
        // A related-days file names its source in the first column; a question file names groups.
        var bySource = questions.Count > 0 && questions.All(q => Day(q.Text) is not null);
        var groups = bySource
            ? questions.Select(q => (Sources: (IReadOnlyList<DateOnly>)[Day(q.Text)!.Value], Days: q.Days.Select(Day).OfType<DateOnly>().ToList())).ToList()
            : [.. questions.Select(q => q.Days.Select(Day).OfType<DateOnly>().ToList()).Where(g => g.Count >= MinGroup).Select(g => ((IReadOnlyList<DateOnly>)g, g))];
        CliApp.IndexWithProgress(engine, quiet: true);
        engine.LoadPostings(); // as the language server has them once a run is over: "more like this" from memory
        var neighbourDays = new SimilarQuery().NeighbourDays;
        var wanted = new Dictionary<DateOnly, HashSet<DateOnly>>();
        foreach (var (sources, days) in groups)
            foreach (var source in sources)
                (wanted.TryGetValue(source, out var set) ? set : wanted[source] = [])
                    .UnionWith(days.Where(d => Math.Abs(d.DayNumber - source.DayNumber) > neighbourDays));
        var snapshot = engine.Snapshot();
        var scored = new List<(DateOnly Source, double Hit5, double Recall10, double Rr10)>();
        foreach (var (source, days) in wanted.Where(w => w.Value.Count > 0).OrderBy(w => w.Key))
        {
            IReadOnlyList<SearchResult> similar;
            try
            {
                similar = SimilarDaysQuery.Similar(snapshot, new SimilarQuery(Date: source, Top: 10, NeighbourDays: neighbourDays, Ranking: ranking));
            }
            catch (JournalException e)
            {
                Console.Error.WriteLine($"skipped {source:yyyy-MM-dd}: {e.Message}");
                continue;
            }
            var judged = days.ToDictionary(d => d.ToString("yyyy-MM-dd"), _ => 1);
            var run = similar.Select(r => r.Date?.ToString("yyyy-MM-dd") ?? r.Path).ToList();
            scored.Add((source, RetrievalMetrics.SuccessAt(run, judged, 5), RetrievalMetrics.RecallAt(run, judged, 10), RetrievalMetrics.ReciprocalRankAt(run, judged, 10)));
        }
        var mode = CliApp.RankingName(ranking);
        var result = new JsonObject { ["mode"] = mode };
        AddMean(result, "hit5", scored.Select(x => x.Hit5));
        AddMean(result, "recall10", scored.Select(x => x.Recall10));
        AddMean(result, "mrr10", scored.Select(x => x.Rr10));
        result["sources"] = scored.Count;
        result["groups"] = groups.Count;
        // Per source, for a paired comparison of two runs (scripts/compare-runs.py).
        result["perSource"] = new JsonArray([.. scored.Select(x => (JsonNode)new JsonObject
        {
            ["source"] = x.Source.ToString("yyyy-MM-dd"), ["hit5"] = x.Hit5, ["recall10"] = Math.Round(x.Recall10, 4), ["rr10"] = Math.Round(x.Rr10, 4),
        })]);
        if (json)
            Output.WriteJson(result);
        else
        {
            string Figure(string name) => FormattableString.Invariant(
                $"{(double)result[name]!:F3} [{(double)result[name + "Interval"]![0]!:F2}-{(double)result[name + "Interval"]![1]!:F2}]");
            Console.WriteLine($"{Path.GetFileName(questionsFile)}, similar days, {mode}: hit@5 {Figure("hit5")}, recall@10 {Figure("recall10")}, MRR@10 {Figure("mrr10")} from {scored.Count} days of {groups.Count} {(bySource ? "sources" : "groups")}");
        }
        return 0;
    }

    // One JSON line per question for offline study of fusion: its accepted keys and each list's (key, score), best first.
    private static string ListsJson(string id, IEnumerable<string> accepted,
        (IReadOnlyList<Core.Search.EntryInfo> Entries, Core.Search.QuestionLists Lists) asked, Func<Core.Search.EntryInfo, string> key)
    {
        var (entries, lists) = asked;
        JsonArray List(IReadOnlyList<Core.Search.EntryHit> hits) => [.. hits.Select(h => (JsonNode)new JsonArray(key(entries[h.Entry]), Math.Round(h.Score, 5)))];
        return new JsonObject
        {
            ["id"] = id, ["accepted"] = new JsonArray([.. accepted.Select(a => (JsonNode)a)]),
            ["passages"] = List(lists.Passages), ["windows"] = List(lists.Windows), ["bm25"] = List(lists.Bm25),
            ["bm25Ceiling"] = Math.Round(lists.Bm25Ceiling, 4),
        }.ToJsonString();
    }

    /// <summary>A question with at least this many accepted days is a group of related days for <see cref="Similar"/>: 4.</summary>
    public const int MinGroup = 4;

    // A figure's mean over the queries (0 for none) as name, and its 95% bootstrap interval as name + "Interval".
    private static void AddMean(JsonObject figures, string name, IEnumerable<double> perQuery)
    {
        var list = perQuery.ToList();
        var (low, high) = RetrievalMetrics.BootstrapInterval(list);
        figures[name] = Math.Round(list.Count == 0 ? 0 : list.Average(), 4);
        figures[name + "Interval"] = new JsonArray(Math.Round(low, 4), Math.Round(high, 4));
    }

    /// <summary>A question of a question file: its text, the accepted days (none for an off-topic question), its kind or null.</summary>
    private sealed record Question(string Text, IReadOnlySet<string> Days, string? Kind);

    /// <summary>
    /// A question file: <c>question&lt;TAB&gt;date[,date...][&lt;TAB&gt;kind]</c> lines, '#' starting a comment line;
    /// <c>none</c> for the dates marks an off-topic question (nothing in the journal answers it).
    /// </summary>
    /// <exception cref="JournalException">When a line has another shape, or a question comes twice.</exception>
    private static List<Question> ReadQuestions(string questionsFile)
    {
        var questions = new List<Question>();
        var seen = new HashSet<string>();
        foreach (var line in File.ReadLines(questionsFile))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length is < 2 or > 3) throw new JournalException($"{questionsFile}: expected question<TAB>dates[<TAB>kind], got '{line}'");
            if (!seen.Add(f[0])) throw new JournalException($"{questionsFile}: '{f[0]}' comes twice");
            var days = f[1].Trim() == "none" ? [] : f[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            if (days.Count == 0 && f[1].Trim() != "none") throw new JournalException($"{questionsFile}: '{f[0]}' has no dates (write none for an off-topic question)");
            questions.Add(new Question(f[0], days, f.Length == 3 ? f[2].Trim() : null));
        }
        return questions;
    }

    /// <summary>
    /// A storylines file: <c>id&lt;TAB&gt;storyline&lt;TAB&gt;yyyy-MM-dd[,yyyy-MM-dd...]</c> lines, '#' starting a comment line.
    /// </summary>
    /// <exception cref="JournalException">When a line has another shape or a day is not a date.</exception>
    private static List<(string Id, string Name, HashSet<DateOnly> Days)> ReadStorylines(string storylinesFile)
    {
        var storylines = new List<(string, string, HashSet<DateOnly>)>();
        foreach (var line in File.ReadLines(storylinesFile))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length != 3) throw new JournalException($"{storylinesFile}: expected id<TAB>storyline<TAB>dates, got '{line}'");
            var days = new HashSet<DateOnly>();
            foreach (var day in f[2].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    throw new JournalException($"{storylinesFile}: '{day}' in storyline {f[0]} is not a yyyy-MM-dd date");
                days.Add(d);
            }
            if (days.Count == 0) throw new JournalException($"{storylinesFile}: storyline {f[0]} has no dates");
            storylines.Add((f[0], f[1], days));
        }
        return storylines;
    }

    // One note per document, written once: doc-<id>.md (an id alone could read as a date), "# title", then the text.
    private static string WriteNotes(string corpus, string docs)
    {
        var done = Path.Combine(docs, ".complete");
        if (File.Exists(done)) return docs;
        Directory.CreateDirectory(docs);
        foreach (var (id, title, text) in ReadCorpus(corpus))
            File.WriteAllText(Path.Combine(docs, $"doc-{id}.md"), title.Length > 0 ? $"# {title}\n\n{text}\n" : text + "\n");
        File.WriteAllText(done, "");
        return docs;
    }

    // BEIR's corpus.jsonl: {_id, title, text} a line, title and text trimmed.
    private static IEnumerable<(string Id, string Title, string Text)> ReadCorpus(string path) =>
        File.ReadLines(path).Select(line => JsonNode.Parse(line)!)
            .Select(d => ((string)d["_id"]!, ((string?)d["title"] ?? "").Trim(), ((string?)d["text"] ?? "").Trim()));

    private static Dictionary<string, string> ReadQueries(string folder) =>
        File.ReadLines(Path.Combine(folder, "queries.jsonl")).Select(line => JsonNode.Parse(line)!)
            .ToDictionary(q => (string)q["_id"]!, q => (string)q["text"]!);

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        foreach (var line in File.ReadLines(path).Skip(1)) // query-id, corpus-id, score
        {
            var f = line.Split('\t');
            if (f.Length < 3 || !int.TryParse(f[2], out var rel)) continue;
            if (!qrels.TryGetValue(f[0], out var judged)) qrels[f[0]] = judged = [];
            judged[f[1]] = rel;
        }
        return qrels.ToDictionary(q => q.Key, q => (IReadOnlyDictionary<string, int>)q.Value);
    }
}
