using JournalLsp.Core.Search;

namespace JournalLsp.Indexing;

/// <summary>
/// Questions in plain words over one <see cref="JournalSnapshot"/>: <see cref="Ask"/>, the lists it fuses
/// (<see cref="Lists"/>), <see cref="Understand"/> and <see cref="Timeline"/>, each reading the question once into a
/// plan (its date phrase out, the days it keeps, the words embedded) and refusing what <see cref="QuestionRules"/>
/// refuses. The rules are Core's; here they meet the index.
/// </summary>
public static class Questions
{
    // A question read once: its date phrase taken out, the days it keeps (null: all), the words to rank by with the
    // framing ("tell me about a day when") dropped, empty when the question was only a date phrase.
    private sealed record Plan(ParsedQuestion Parsed, DateRange? Range, string Text)
    {
        public bool HasWords => !string.IsNullOrWhiteSpace(Text);

        public bool Includes(EntryInfo e) => Range?.Contains(e.Date) ?? true;
    }

    private static Plan Read(DateOnly today, string question, DateOnly? from, DateOnly? to)
    {
        var parsed = DatePhraseParser.Parse(question, today);
        var range = DateRange.Intersect(parsed.Range, from is null && to is null ? null : new DateRange(from, to));
        return new Plan(parsed, range, string.IsNullOrWhiteSpace(parsed.Text) ? "" : QuestionFraming.Strip(parsed.Text));
    }

    /// <summary>
    /// How <see cref="Ask"/> reads <paramref name="question"/>: its date phrase taken out (<see cref="DatePhraseParser"/>,
    /// relative phrases counted from <paramref name="today"/>), and the days it keeps: the phrase's range narrowed by
    /// <paramref name="options"/>' From and To, or null for every day.
    /// </summary>
    /// <exception cref="InvalidQueryException">When the question is longer than <see cref="QuestionRules.MaxChars"/>.</exception>
    public static (ParsedQuestion Question, DateRange? Range) Understand(DateOnly today, string question, AskOptions? options = null)
    {
        QuestionRules.Check(question, needsWords: false);
        var plan = Read(today, question, options?.From, options?.To);
        return (plan.Parsed, plan.Range);
    }

    /// <summary>
    /// The words of <paramref name="question"/> that <see cref="Ask"/> embeds: its date phrase (relative phrases counted
    /// from <paramref name="today"/>) and its framing ("tell me about a day when") taken out; "" when none are left.
    /// </summary>
    public static string EmbeddedWords(DateOnly today, string question) => Read(today, question, null, null).Text;

    /// <summary>
    /// Answers a question in plain words: entries best first with their best passage (hybrid:
    /// <see cref="Fusion.Hybrid"/>; the first k are the same for every top from k to <see cref="Fusion.Depth"/>), each
    /// marked <see cref="SearchResult.Related"/> as <see cref="Relatedness.ToQuestion"/> judges it from its best dense
    /// cosine and the share of the question's words it holds (BM25 alone judges nothing). A question that is only a
    /// date phrase lists that period's entries in date order.
    /// </summary>
    /// <exception cref="InvalidQueryException">When the question breaks <see cref="QuestionRules.Check"/>.</exception>
    public static IReadOnlyList<SearchResult> Ask(JournalSnapshot snapshot, string question, AskOptions? options = null)
    {
        options ??= new AskOptions();
        QuestionRules.Check(question, options.From, options.To);
        var plan = Read(snapshot.Today, question, options.From, options.To);
        var corpus = snapshot.Corpus;
        if (!plan.HasWords) return snapshot.Results(EntrySelection.InDateOrder(corpus, plan.Range, options.Top));
        var lists = Rank(snapshot, plan, plan.Includes, options.Ranking, Math.Max(options.Top, Fusion.Depth));
        if (options.Ranking == Ranking.Bm25) return snapshot.Results(lists.Bm25.Take(options.Top).ToList()); // no dense evidence: not judged
        var hits = options.Ranking switch
        {
            Ranking.Dense => lists.Passages.Take(options.Top).ToList(),
            Ranking.Rrf => Fusion.Rrf([lists.Passages, lists.Bm25], options.Top),
            _ => Fusion.Hybrid(lists, options.Top),
        };
        var query = snapshot.EmbedQuery(plan.Text);
        var shares = lists.WordShares();
        return snapshot.Results(hits).Select((r, i) =>
        {
            // A hit BM25 alone found has no dense score yet: its best cosine is read from its own rows.
            var evidence = (DenseRanker.BestCosine(corpus, query, hits[i].Entry), shares.GetValueOrDefault(hits[i].Entry));
            return r with { Related = Relatedness.ToQuestion(evidence.Item1, evidence.Item2), Evidence = evidence };
        }).ToList();
    }

    /// <summary>
    /// The ranked lists <see cref="Ask"/> fuses for <paramref name="question"/> (the first <see cref="Fusion.Depth"/> of
    /// each, date phrases and <paramref name="options"/>' From and To applied), for evaluation and for explaining a
    /// ranking; a question that is only a date phrase has none. Entry numbers index the snapshot's corpus.
    /// </summary>
    /// <exception cref="InvalidQueryException">When the question is longer than <see cref="QuestionRules.MaxChars"/>.</exception>
    public static QuestionLists Lists(JournalSnapshot snapshot, string question, AskOptions? options = null)
    {
        options ??= new AskOptions();
        QuestionRules.Check(question, needsWords: false);
        var plan = Read(snapshot.Today, question, options.From, options.To);
        return plan.HasWords ? Rank(snapshot, plan, plan.Includes, options.Ranking, Math.Max(options.Top, Fusion.Depth)) : QuestionLists.None;
    }

    /// <summary>
    /// The journal over time (<see cref="Core.Search.Timeline.Bin"/>): dated entries per month or week and, for a
    /// question, the days related to it as <see cref="Ask"/> judges them (<see cref="Relatedness.ToQuestion"/>). The
    /// question's date phrase and <paramref name="from"/>/<paramref name="to"/> narrow the days as they narrow
    /// <see cref="Ask"/>'s. One dense scoring of every passage and window and one BM25 query: about as costly as an ask.
    /// </summary>
    /// <param name="snapshot">What to read.</param>
    /// <param name="question">A question or phrase, or null (or blank) for the entries alone.</param>
    /// <param name="by">Months or weeks.</param>
    /// <param name="from">Earliest day kept, or null.</param>
    /// <param name="to">Latest day kept, or null.</param>
    /// <exception cref="InvalidQueryException">When the question is longer than <see cref="QuestionRules.MaxChars"/>.</exception>
    public static JournalTimeline Timeline(JournalSnapshot snapshot, string? question, TimelineBy by = TimelineBy.Month, DateOnly? from = null, DateOnly? to = null)
    {
        QuestionRules.Check(question, needsWords: false);
        var plan = Read(snapshot.Today, question ?? "", from, to);
        var corpus = snapshot.Corpus;
        var dates = corpus.Entries.Where(e => e.Date is not null).Select(e => e.Date!.Value);
        if (!plan.HasWords || corpus.Chunks.Count == 0)
            return new JournalTimeline(Core.Search.Timeline.Bin(dates, [], by, plan.Range), plan.Range, null);

        bool Dated(EntryInfo e) => e.Date is not null && plan.Includes(e);
        var lists = Rank(snapshot, plan, Dated, Ranking.Hybrid, corpus.Entries.Count, bm25Depth: Fusion.Depth);
        var best = lists.Passages.ToDictionary(h => h.Entry, h => h.Score);
        foreach (var hit in lists.Windows) best[hit.Entry] = Math.Max(best[hit.Entry], hit.Score);
        var shares = lists.WordShares();
        var matches = best.Where(b => Relatedness.ToQuestion(b.Value, shares.GetValueOrDefault(b.Key)))
            .Select(b => corpus.Entries[b.Key].Date!.Value).ToList();
        return new JournalTimeline(Core.Search.Timeline.Bin(dates, matches, by, plan.Range), plan.Range, plan.Text);
    }

    // The lists a ranking needs (BM25 alone, passages alone for dense, or all three), each depth deep (BM25 bm25Depth
    // deep when given): fusion reads the lists' first Fusion.Depth scores, so the first k results are the same for every
    // top from k to Fusion.Depth. The BM25 half (SQLite) runs beside the dense half (the model, the SIMD scoring).
    private static QuestionLists Rank(JournalSnapshot snapshot, Plan plan, Func<EntryInfo, bool> include, Ranking ranking, int depth, int? bm25Depth = null)
    {
        QuestionLists Lexical() => Bm25(snapshot, plan.Text, include, bm25Depth ?? depth);
        if (ranking == Ranking.Bm25) return Lexical();
        return Halves.Beside<QuestionLists, QuestionLists>(ranking == Ranking.Dense ? null : Lexical, bm25 =>
        {
            var corpus = snapshot.Corpus;
            var query = snapshot.EmbedQuery(plan.Text);
            var passages = DenseRanker.Rank(corpus, query, depth, include);
            var windows = ranking == Ranking.Hybrid && corpus.Windows.Count > 0 ? DenseRanker.RankWindows(corpus, query, depth, include) : [];
            return (bm25?.Invoke() ?? QuestionLists.None) with { Passages = passages, Windows = windows };
        });
    }

    // Chunks read from the full-text index per entry wanted: entries have a few chunks each, and MaxP needs their best.
    internal const int Bm25ChunksPerEntry = 4;

    // The question's BM25 list (the first depth entries that include allows, each by its best chunk) and its ceiling.
    private static QuestionLists Bm25(JournalSnapshot snapshot, string text, Func<EntryInfo, bool> include, int depth)
    {
        var chunks = snapshot.Corpus.Chunks.Count;
        Func<string, int> frequencies = snapshot.Frequencies(LexicalRanker.Words(text).ToList()).GetValueOrDefault;
        if (LexicalRanker.MatchExpression(text, frequencies, chunks) is not { } match) return QuestionLists.None;
        return new QuestionLists([], [], LexicalRanker.Rank(snapshot.Corpus, snapshot.Bm25(match, depth * Bm25ChunksPerEntry), depth, include),
            LexicalRanker.Bm25Ceiling(text, frequencies, chunks));
    }
}
