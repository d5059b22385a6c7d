namespace JournalLsp.Core.Search;

/// <summary>
/// BM25 as a ranked list of entries: the index's full-text search scores chunks (FTS5's <c>bm25()</c>, Robertson &amp;
/// Zaragoza's Okapi BM25 with k1 = 1.2, b = 0.75), and an entry scores as its best chunk (MaxP, as
/// <see cref="DenseRanker"/> does). Also builds the full-text query from a question.
/// </summary>
public static class LexicalRanker
{
    // Lucene's English stop words (EnglishAnalyzer, the BM25 baseline of BEIR and Anserini): in an OR query they only
    // add noise and time.
    private static readonly HashSet<string> s_stopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    ];

    /// <summary>
    /// The share of the chunks above which a question's word is left out of its BM25 query, unless every word is that
    /// common: 50%. Such a word's idf is below log(2), so it barely moves a score, while scoring its postings was most
    /// of a question's BM25 time (Pepys' "my", "wife", "went", "his": 7.7 ms of a 17 ms ask at the mean). Pepys
    /// questions (success@5, MRR@10) and SciFact hybrid nDCG@10 were the same with and without it (0.800 / 0.625 and
    /// 0.7251, int8); 30% moved them (0.825 / 0.621, 0.7269).
    /// </summary>
    public const double QuestionMaxDocumentShare = 0.5;

    /// <summary>
    /// The FTS5 MATCH expression for a question: its words (<see cref="Words"/>), each quoted, joined by OR; with
    /// <paramref name="documentFrequency"/>, words in more than <see cref="QuestionMaxDocumentShare"/> of the
    /// <paramref name="chunks"/> are left out unless all are. Null when the question has no word to match.
    /// </summary>
    /// <param name="question">The question as asked.</param>
    /// <param name="documentFrequency">How many chunks of the index hold a word, or null to keep every word.</param>
    /// <param name="chunks">How many chunks the index holds.</param>
    public static string? MatchExpression(string question, Func<string, int>? documentFrequency = null, int chunks = 0) =>
        QueryWords(question, documentFrequency, chunks) is { Count: > 0 } words ? Match(words) : null;

    // The words a question's BM25 query holds: its distinct words, less those in over QuestionMaxDocumentShare of
    // the chunks unless all are.
    private static List<string> QueryWords(string question, Func<string, int>? documentFrequency, int chunks)
    {
        var words = Words(question).Distinct().ToList();
        if (documentFrequency is not null && words.Where(w => documentFrequency(w) <= QuestionMaxDocumentShare * chunks).ToList() is { Count: > 0 } rarer)
            words = rarer;
        return words;
    }

    /// <summary>
    /// The BM25 score of a chunk of average length that holds each word of the question's query
    /// (<see cref="MatchExpression"/>) once: Σ idf, with FTS5's idf, log((N − n + 0.5) / (n + 0.5)) and at least
    /// 10⁻⁶ (fts5_aux.c). A word that no chunk holds counts too (n = 0): the journal cannot match all of the question.
    /// A chunk's score divided by it is the share of the question's words, weighted by rarity, that the chunk holds
    /// (about: repeated words score more, long chunks less): the same scale in a journal of 30 entries as of 3,000.
    /// 0 when the question has no word to match.
    /// </summary>
    /// <param name="question">The question as asked.</param>
    /// <param name="documentFrequency">How many chunks of the index hold a word.</param>
    /// <param name="chunks">How many chunks the index holds (N).</param>
    public static double Bm25Ceiling(string question, Func<string, int> documentFrequency, int chunks) =>
        QueryWords(question, documentFrequency, chunks).Sum(w =>
        {
            var n = documentFrequency(w);
            return Math.Max(1e-6, Math.Log((chunks - n + 0.5) / (n + 0.5)));
        });

    /// <summary>
    /// How many terms a "more like this" query keeps: 25, the default of Lucene's MoreLikeThis (maxQueryTerms). On
    /// the Pepys question set's groups of related days, 25 terms found more of them than 12 (recall@10 0.21 against 0.18).
    /// </summary>
    public const int MoreLikeThisTerms = 25;

    /// <summary>
    /// The words <see cref="MoreLikeThisWords"/> weighs, once per use in <paramref name="texts"/>: of three letters or more,
    /// no stop words, no numbers. Their document frequencies can be fetched in one go before it runs.
    /// </summary>
    public static IEnumerable<string> Candidates(IEnumerable<string> texts) =>
        texts.SelectMany(Words).Where(w => w.Length > 2 && !AllDigits(w));

    private static bool AllDigits(string word)
    {
        foreach (var c in word)
            if (!char.IsDigit(c)) return false;
        return true;
    }

    /// <summary>
    /// The largest share of the index's chunks a "more like this" term may occur in (Lucene MoreLikeThis's
    /// maxDocFreqPct), 5%, but never fewer than <see cref="MoreLikeThisMinDocumentFrequency"/> chunks. Words as common as
    /// "has", "while" or "away" won MLT places by their counts, added nothing to which days are alike, and cost the
    /// most to score: on the Pepys groups of related days (eval similar, int8) no limit gave recall@10 / MRR@10
    /// 0.133 / 0.323, 10% 0.141 / 0.329, 5% 0.142 / 0.352, 2% 0.133 / 0.379, 1% 0.119 / 0.302 (fp32: 0.127 / 0.336
    /// against 0.145 / 0.357 at 5%), and the BM25 query of a hover took 6.7 ms at p50 instead of 10.4.
    /// </summary>
    public const double MoreLikeThisMaxDocumentShare = 0.05;

    /// <summary>
    /// The floor of <see cref="MoreLikeThisMaxDocumentShare"/>: in a young journal of a few hundred chunks, 5% would
    /// leave only words that no other day shares.
    /// </summary>
    public const int MoreLikeThisMinDocumentFrequency = 20;

    /// <summary>
    /// The most chunks a "more like this" word may occur in: <see cref="MoreLikeThisMaxDocumentShare"/> of
    /// <paramref name="chunks"/>, and at least <see cref="MoreLikeThisMinDocumentFrequency"/>.
    /// </summary>
    public static double MoreLikeThisMaxDocuments(int chunks) => Math.Max(MoreLikeThisMaxDocumentShare * chunks, MoreLikeThisMinDocumentFrequency);

    /// <summary>
    /// The words of a "more like this" query for a whole entry (Lucene's MoreLikeThis), best first: its words of three
    /// letters or more (no stop words, no numbers, none in more than <see cref="MoreLikeThisMaxDocuments"/> chunks),
    /// each weighted by its count in <paramref name="texts"/> × BM25's idf, log(1 + (N − df + 0.5) / (df + 0.5)), the
    /// best <paramref name="terms"/> of them. Null when no word occurs in the index.
    /// </summary>
    /// <param name="texts">The entry's chunk texts.</param>
    /// <param name="documentFrequency">How many chunks of the index hold a word (0 for none).</param>
    /// <param name="chunks">How many chunks the index holds (N).</param>
    /// <param name="terms">How many terms to keep.</param>
    public static List<string>? MoreLikeThisWords(IEnumerable<string> texts, Func<string, int> documentFrequency, int chunks,
        int terms = MoreLikeThisTerms) =>
        MoreLikeThisWordsOfCandidates([.. Candidates(texts)], documentFrequency, chunks, terms);

    /// <summary>
    /// <see cref="MoreLikeThisWords"/> from the texts' <see cref="Candidates"/>, read once by a caller that fetched their
    /// document frequencies first (the texts are then not split into words twice).
    /// </summary>
    /// <param name="candidates">The texts' <see cref="Candidates"/>, each as often as it occurs (its count weighs it).</param>
    /// <param name="documentFrequency">How many chunks hold a word (0 for none).</param>
    /// <param name="chunks">How many chunks the index holds.</param>
    /// <param name="terms">How many words at most.</param>
    public static List<string>? MoreLikeThisWordsOfCandidates(IReadOnlyList<string> candidates, Func<string, int> documentFrequency,
        int chunks, int terms = MoreLikeThisTerms)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in candidates) System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, word, out _)++;
        var weighted = new List<(string Word, double Weight)>();
        foreach (var (word, count) in counts)
        {
            var df = documentFrequency(word);
            if (df > MoreLikeThisMaxDocuments(chunks)) continue;
            if (df > 0) weighted.Add((word, count * Math.Log(1 + (chunks - df + 0.5) / (df + 0.5))));
        }
        var best = weighted.OrderByDescending(w => w.Weight).ThenBy(w => w.Word, StringComparer.Ordinal).Take(terms).Select(w => w.Word).ToList();
        return best.Count == 0 ? null : best;
    }

    /// <summary>The FTS5 MATCH expression for <paramref name="words"/>: each quoted (never an operator), in order, joined by OR.</summary>
    public static string Match(IEnumerable<string> words) => string.Join(" OR ", words.Select(w => $"\"{w}\""));

    // Letters and digits, lower-cased, stop words and single characters dropped; quoted, a word is never an operator.
    /// <summary>The lower-cased words of <paramref name="text"/> that BM25 counts: letters and digits, no stop words.</summary>
    public static IEnumerable<string> Words(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            if (i - start < 2) continue;
            var word = string.Create(i - start, (text, start),
                static (lower, at) => at.text.AsSpan(at.start, lower.Length).ToLowerInvariant(lower));
            if (!s_stopWords.Contains(word)) yield return word;
        }
    }

    /// <summary>
    /// Scored chunks (index into <see cref="SearchCorpus.Chunks"/>, higher is better) to the best
    /// <paramref name="top"/> entries that <paramref name="include"/> allows, each with its best chunk.
    /// </summary>
    public static IReadOnlyList<EntryHit> Rank(SearchCorpus corpus, IEnumerable<(int Chunk, float Score)> chunks, int top,
        Func<EntryInfo, bool>? include = null)
    {
        var best = new Dictionary<int, EntryHit>();
        foreach (var (chunk, score) in chunks)
        {
            var entry = corpus.Chunks[chunk].Entry;
            if (include is not null && !include(corpus.Entries[entry])) continue;
            if (!best.TryGetValue(entry, out var hit) || score > hit.Score) best[entry] = new EntryHit(entry, chunk, score);
        }
        return TopK.Best(best.Values.OrderBy(h => h.Entry), top);
    }
}
