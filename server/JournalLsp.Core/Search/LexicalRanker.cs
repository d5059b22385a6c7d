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
    /// The FTS5 MATCH expression for a question: its words (letters and digits, lower-cased, stop words and single
    /// characters dropped, each once), quoted so that no word is read as an operator, joined by OR. Null when no word
    /// is left.
    /// </summary>
    public static string? MatchExpression(string question)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        void Flush()
        {
            var word = current.ToString().ToLowerInvariant();
            current.Clear();
            if (word.Length > 1 && !s_stopWords.Contains(word) && !words.Contains(word)) words.Add(word);
        }
        foreach (var c in question)
        {
            if (char.IsLetterOrDigit(c)) current.Append(c);
            else Flush();
        }
        Flush();
        return words.Count == 0 ? null : string.Join(" OR ", words.Select(w => $"\"{w}\""));
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
