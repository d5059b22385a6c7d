using System.Diagnostics;
using System.Text.Json;
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
        Indexing.Embeddings.EmbeddingModelInfo model, string? runFile, bool json)
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
        foreach (var id in qrels.Keys)
        {
            if (!queries.TryGetValue(id, out var text)) continue;
            var results = engine.Ask(text, new AskOptions(Depth, Ranking: ranking));
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
    /// <c>eval days</c>: day-level quality on a question file of <c>question&lt;TAB&gt;date[,date…]</c> lines ('#' starts
    /// a comment): each question is asked like <c>ask</c> does, its results' days in order are the run, and
    /// success@1, success@5 and MRR@10 are averaged over the questions.
    /// </summary>
    public static int Days(JournalEngine engine, string questionsFile, Ranking ranking, bool json)
    {
        var qrels = ReadQuestions(questionsFile);
        CliApp.IndexWithProgress(engine, quiet: true);
        var runs = qrels.Keys.ToDictionary(q => q, q => (IReadOnlyList<string>)engine.Ask(q, new AskOptions(10, Ranking: ranking))
            .Select(r => r.Date?.ToString("yyyy-MM-dd") ?? r.Path).Distinct().ToList());
        var s1 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.SuccessAt(r, q, 1));
        var s5 = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.SuccessAt(r, q, 5));
        var mrr = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.ReciprocalRankAt(r, q, 10));
        var mode = CliApp.RankingName(ranking);
        if (json)
            Output.WriteJson(new JsonObject { ["mode"] = mode, ["success1"] = Math.Round(s1, 4), ["success5"] = Math.Round(s5, 4), ["mrr10"] = Math.Round(mrr, 4), ["questions"] = qrels.Count });
        else
        {
            Console.WriteLine($"{Path.GetFileName(questionsFile)}, {mode}: success@1 {s1:F3}, success@5 {s5:F3}, MRR@10 {mrr:F3} over {qrels.Count} questions");
            foreach (var (question, run) in runs.Where(r => RetrievalMetrics.SuccessAt(r.Value, qrels[r.Key], 5) == 0))
                Console.WriteLine($"  missed: {question} (want {string.Join(",", qrels[question].Keys.Take(3))}; got {string.Join(",", run.Take(3))})");
        }
        return 0;
    }

    /// <summary>
    /// "Find similar days", measured with the same question file: every question with at least
    /// <see cref="MinGroup"/> accepted days names a group of related days (the yearly dinner of thanks, the weeks of
    /// jealousy of the dancing master); from each day of a group, the others outside the neighbour window are the days
    /// to find. recall@10 and MRR@10 are averaged over the source days.
    /// </summary>
    public static int Similar(JournalEngine engine, string questionsFile, Ranking ranking, bool json)
    {
        static DateOnly? Day(string text) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;
        var groups = ReadQuestions(questionsFile).Values
            .Select(days => days.Keys.Select(Day).OfType<DateOnly>().ToList()).Where(g => g.Count >= MinGroup).ToList();
        CliApp.IndexWithProgress(engine, quiet: true);
        // From each day, every other day of every group holding it, outside the neighbour days.
        var neighbourDays = new SimilarQuery().NeighbourDays;
        var wanted = new Dictionary<DateOnly, HashSet<DateOnly>>();
        foreach (var group in groups)
            foreach (var source in group)
                (wanted.TryGetValue(source, out var set) ? set : wanted[source] = [])
                    .UnionWith(group.Where(d => Math.Abs(d.DayNumber - source.DayNumber) > neighbourDays));
        var runs = new Dictionary<string, IReadOnlyList<string>>();
        var qrels = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        foreach (var (source, days) in wanted.Where(w => w.Value.Count > 0))
        {
            IReadOnlyList<SearchResult> similar;
            try
            {
                similar = engine.Similar(new SimilarQuery(Date: source, Top: 10, NeighbourDays: neighbourDays, Ranking: ranking));
            }
            catch (JournalException e)
            {
                Console.Error.WriteLine($"skipped {source:yyyy-MM-dd}: {e.Message}");
                continue;
            }
            var key = source.ToString("yyyy-MM-dd");
            qrels[key] = days.ToDictionary(d => d.ToString("yyyy-MM-dd"), _ => 1);
            runs[key] = similar.Select(r => r.Date?.ToString("yyyy-MM-dd") ?? r.Path).ToList();
        }
        var recall = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.RecallAt(r, q, 10));
        var mrr = RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.ReciprocalRankAt(r, q, 10));
        var mode = CliApp.RankingName(ranking);
        if (json)
            Output.WriteJson(new JsonObject { ["mode"] = mode, ["recall10"] = Math.Round(recall, 4), ["mrr10"] = Math.Round(mrr, 4), ["sources"] = runs.Count, ["groups"] = groups.Count });
        else
            Console.WriteLine($"{Path.GetFileName(questionsFile)}, similar days, {mode}: recall@10 {recall:F3}, MRR@10 {mrr:F3} from {runs.Count} days of {groups.Count} groups");
        return 0;
    }

    /// <summary>A question with at least this many accepted days is a group of related days for <see cref="Similar"/>: 4.</summary>
    public const int MinGroup = 4;

    // question<TAB>date[,date...] lines; '#' starts a comment line.
    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadQuestions(string questionsFile)
    {
        var qrels = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        foreach (var line in File.ReadLines(questionsFile))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length != 2) throw new JournalException($"{questionsFile}: expected question<TAB>dates, got '{line}'");
            qrels[f[0]] = f[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToDictionary(d => d, _ => 1);
        }
        return qrels;
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
