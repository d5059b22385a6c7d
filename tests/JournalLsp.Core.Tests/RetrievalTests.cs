using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

/// <summary>The retrieval metrics on hand-made runs with known values, and the fusion and BM25 rules.</summary>
public class RetrievalTests
{
    private static readonly Dictionary<string, int> s_judged = new() { ["d1"] = 1, ["d3"] = 2, ["d9"] = 0 };

    [Theory]
    // DCG = 1/log2(2) + 2/log2(4) = 2; ideal = 2/log2(2) + 1/log2(3) = 2.6309; nDCG = 0.7602
    [InlineData("d1,d2,d3", 10, 0.760189)]
    [InlineData("d3,d1", 10, 1.0)]                 // the ideal order
    [InlineData("d2,d9,d4", 10, 0.0)]              // a document judged 0 is not relevant
    [InlineData("d1,d2,d3", 1, 0.5)]               // @1: 1 / (2/1)
    [InlineData("", 10, 0.0)]
    public void Ndcg_uses_linear_gain_and_a_log2_discount_like_trec_eval(string run, int k, double expected) =>
        Assert.Equal(expected, RetrievalMetrics.NdcgAt(Run(run), s_judged, k), 5);

    [Theory]
    [InlineData("d1,d2,d3", 10, 1.0)]
    [InlineData("d1,d2,d3", 2, 0.5)]
    [InlineData("d9,d2", 10, 0.0)]
    [InlineData("d1,d1", 10, 0.5)]                 // a repeated document counts once
    public void Recall_counts_the_relevant_documents_found(string run, int k, double expected) =>
        Assert.Equal(expected, RetrievalMetrics.RecallAt(Run(run), s_judged, k), 5);

    [Theory]
    [InlineData("d2,d3,d1", 10, 1.0, 0.5)]
    [InlineData("d2,d4,d5,d6,d1", 5, 1.0, 0.2)]
    [InlineData("d2,d4,d5,d6,d1", 4, 0.0, 0.0)]
    public void Success_and_reciprocal_rank_look_for_the_first_relevant_document(string run, int k, double success, double rr)
    {
        Assert.Equal(success, RetrievalMetrics.SuccessAt(Run(run), s_judged, k));
        Assert.Equal(rr, RetrievalMetrics.ReciprocalRankAt(Run(run), s_judged, k), 5);
    }

    [Fact]
    public void The_mean_is_over_every_judged_query_and_a_missing_run_scores_zero()
    {
        var qrels = new Dictionary<string, IReadOnlyDictionary<string, int>> { ["q1"] = s_judged, ["q2"] = s_judged };
        var runs = new Dictionary<string, IReadOnlyList<string>> { ["q1"] = Run("d3,d1") };
        Assert.Equal(0.5, RetrievalMetrics.Mean(runs, qrels, (r, q) => RetrievalMetrics.NdcgAt(r, q, 10)), 5);
    }

    [Fact]
    public void Reciprocal_rank_fusion_adds_one_over_60_plus_rank()
    {
        var dense = new[] { new EntryHit(1, 10, 0.9f), new EntryHit(2, 20, 0.8f), new EntryHit(3, 30, 0.7f) };
        var lexical = new[] { new EntryHit(3, 31, 12f), new EntryHit(4, 40, 9f) };
        var fused = Fusion.Rrf([dense, lexical], 10);
        // 3: 1/63 + 1/61 = 0.03227; 1: 1/61; 2: 1/62; 4: 1/62 (ties keep the order seen: dense's 2 before lexical's 4)
        Assert.Equal([3, 1, 2, 4], fused.Select(h => h.Entry));
        Assert.Equal(1f / 63 + 1f / 61, fused[0].Score, 5);
        Assert.Equal(31, fused[0].Chunk);                   // the passage of the list that ranked it best
        Assert.Equal([3, 1], Fusion.Rrf([dense, lexical], 2).Select(h => h.Entry));
    }

    [Theory]
    [InlineData(1.0, "1,2,3,4")]   // dense alone
    [InlineData(0.0, "3,1,2,4")]   // lexical alone: 3 is 1; 4, its minimum, is 0 like the entries it did not find (seen first)
    [InlineData(0.5, "1,3,2,4")]   // 1: 0.5 × 1 = 0.5 (seen first); 3: 0.5 × 0 + 0.5 × 1 = 0.5; 2: 0.25; 4: 0
    public void The_convex_combination_weighs_min_max_normalised_scores(double denseWeight, string expected)
    {
        var dense = new[] { new EntryHit(1, 10, 0.9f), new EntryHit(2, 20, 0.8f), new EntryHit(3, 30, 0.7f) };
        var lexical = new[] { new EntryHit(3, 31, 12f), new EntryHit(4, 40, 9f) };
        Assert.Equal(expected, string.Join(",", Fusion.Convex(dense, lexical, denseWeight, 10).Select(h => h.Entry)));
    }

    [Fact]
    public void Three_lists_fuse_by_their_weights_and_keep_the_window_that_found_an_entry()
    {
        var passages = new[] { new EntryHit(1, 10, 0.6f), new EntryHit(2, 20, 0.5f) };
        var windows = new[] { new EntryHit(2, 20, 0.9f, Window: 7), new EntryHit(1, 10, 0.4f, Window: 3) };
        var lexical = new[] { new EntryHit(3, 30, 5f), new EntryHit(2, 21, 2f) };
        var fused = Fusion.Convex([(passages, 0.2), (windows, 0.4), (lexical, 0.4)], 10);
        // 2: 0.2 × 0 + 0.4 × 1 + 0.4 × 0 = 0.4, its window the biggest part; 3: 0.4 (seen later); 1: 0.2.
        Assert.Equal([2, 3, 1], fused.Select(h => h.Entry));
        Assert.Equal((20, 7, 0.4f), (fused[0].Chunk, fused[0].Window, fused[0].Score));
        Assert.Equal(-1, fused[2].Window);                 // 1 came mostly from its passage
    }

    [Fact]
    public void Hybrid_ranking_fuses_standard_scores_and_falls_back_to_two_lists_without_windows()
    {
        var passages = new[] { new EntryHit(1, 10, 0.6f), new EntryHit(2, 20, 0.5f), new EntryHit(4, 40, 0.4f) };
        var windows = new[] { new EntryHit(2, 20, 0.9f, Window: 7), new EntryHit(1, 10, 0.5f, Window: 3), new EntryHit(4, 40, 0.4f) };
        var lexical = new[] { new EntryHit(1, 11, 5f), new EntryHit(3, 30, 4f), new EntryHit(4, 41, 2f) };
        // Standard deviations: passages 0.0816, windows 0.2160, BM25 1.2472; each score measured from the list's last.
        // 1: 0.2 × 0.2/0.0816 + 0.4 × 0.1/0.2160 + 0.4 × 3/1.2472 = 1.6373; 2: 0.2 × 0.1/0.0816 + 0.4 × 0.5/0.2160 =
        // 1.1709; 3: 0.4 × 2/1.2472 = 0.6414; 4: 0. An entry first in all three would score 2.3779.
        var fused = Fusion.Hybrid(new QuestionLists(passages, windows, lexical), 10);
        Assert.Equal([1, 2, 3, 4], fused.Select(h => h.Entry));
        Assert.Equal(0.6885f, fused[0].Score, 0.001f);
        Assert.Equal(0f, fused[3].Score);
        Assert.Equal(7, fused[1].Window);                  // each shows its best window
        Assert.Equal(3, fused[0].Window);                  // 1 too, though BM25 gave it most
        Assert.Equal((30, -1), (fused[2].Chunk, fused[2].Window)); // 3, which no window list holds, its BM25 passage
        // Without windows: passages and BM25 at 0.5 each.
        Assert.Equal([1, 3, 2, 4], Fusion.Hybrid(new QuestionLists(passages, [], lexical), 10).Select(h => h.Entry));
    }

    [Fact]
    public void A_list_whose_first_entry_stands_far_above_the_rest_outweighs_one_whose_scores_are_alike()
    {
        // Dense spreads 20 entries evenly, 2 first and 1 fourteenth; BM25 puts 1 far above a flat tail and lacks 2.
        var dense = Enumerable.Range(0, 20).Select(i => new EntryHit(i == 0 ? 2 : i == 13 ? 1 : 100 + i, 0, 0.60f - 0.01f * i)).ToArray();
        var lexical = Enumerable.Range(0, 20).Select(i => new EntryHit(i == 0 ? 1 : 200 + i, 0, i == 0 ? 20f : 5f - 0.01f * i)).ToArray();
        Assert.Equal([1, 2], Fusion.Hybrid(new QuestionLists(dense, dense, lexical), 2).Select(h => h.Entry));
        // Min-max normalisation, blind to the gap, scales both lists to [0, 1] and lets dense's first win.
        Assert.Equal([2, 1], Fusion.Convex([(dense, 0.2), (dense, 0.4), (lexical, 0.4)], 2).Select(h => h.Entry));
    }

    [Fact]
    public void The_first_results_do_not_depend_on_how_deep_the_lists_go()
    {
        // 150 entries in each list, in different orders; fused from the first 100 of each or from all 150.
        var random = new Random(7);
        EntryHit[] List(float scale) => [.. Enumerable.Range(0, 150).OrderBy(_ => random.Next()).Select((e, i) => new EntryHit(e, e, scale * (1 - i / 200f)))];
        var (passages, windows, lexical) = (List(0.7f), List(0.8f), List(12f));
        var deep = Fusion.Hybrid(new QuestionLists(passages, windows, lexical), 150);
        var cut = Fusion.Hybrid(new QuestionLists(passages[..100], windows[..100], lexical[..100]), 10);
        Assert.Equal(cut.Select(h => (h.Entry, h.Score)), deep.Take(10).Select(h => (h.Entry, h.Score)));
        Assert.Equal(cut.Take(5), Fusion.Hybrid(new QuestionLists(passages, windows, lexical), 5));
    }

    [Fact]
    public void A_list_of_one_hit_or_of_alike_scores_gives_its_entries_their_whole_weight()
    {
        // A one-entry journal: one hit in each list, nothing to spread over.
        var one = new[] { new EntryHit(7, 70, 0.3f) };
        var fused = Fusion.Hybrid(new QuestionLists(one, one, [new EntryHit(7, 71, 2f)]), 5);
        Assert.Equal((7, 1f), (Assert.Single(fused).Entry, fused[0].Score));
        // Alike dense scores, one BM25 match: the dense lists cannot choose, BM25 does.
        var alike = new[] { new EntryHit(1, 10, 0.5f), new EntryHit(2, 20, 0.5f) };
        Assert.Equal([2, 1], Fusion.Hybrid(new QuestionLists(alike, alike, [new EntryHit(2, 21, 4f)]), 5).Select(h => h.Entry));
        Assert.Empty(Fusion.Hybrid(QuestionLists.None, 5));
        Assert.Empty(Fusion.Hybrid(new QuestionLists(alike, alike, []), 0));
    }

    [Fact]
    public void A_short_bm25_list_counts_the_entries_it_lacks_as_scoring_zero()
    {
        // Four entries may be returned (the dense lists hold them all); BM25 matched two. Its last match, 4, last in the
        // dense lists too, still gains from its words (measured from its list's last score, it would gain nothing).
        var dense = new[] { new EntryHit(1, 10, 0.50f), new EntryHit(2, 20, 0.49f), new EntryHit(3, 30, 0.48f), new EntryHit(4, 40, 0.47f) };
        var fused = Fusion.Hybrid(new QuestionLists(dense, dense, [new EntryHit(3, 31, 6f), new EntryHit(4, 41, 5f)]), 4);
        // Dense: (0.03, 0.02, 0.01, 0) / 0.0112 × 0.6; BM25 over (6, 5, 0, 0): (6, 5) / 2.773 × 0.4.
        Assert.Equal([1, 3, 2, 4], fused.Select(h => h.Entry));
        Assert.Equal(0.721f / 2.476f, fused[3].Score, 0.002f);
    }

    [Theory]
    [InlineData(18.4f, 10.6f, true)]    // 1.74 times the second: the buried cheese, asked in other words
    [InlineData(15f, 10f, true)]        // exactly 1.5
    [InlineData(14.9f, 10f, false)]
    [InlineData(18.4f, 0f, false)]      // no positive second score to compare with
    public void A_bm25_first_score_half_again_its_second_is_a_confident_match(float first, float second, bool confident) =>
        Assert.Equal(confident, Fusion.IsConfident([new EntryHit(1, 1, first), new EntryHit(2, 2, second)]));

    [Fact]
    public void A_single_bm25_hit_is_not_a_confident_match() =>
        Assert.False(Fusion.IsConfident([new EntryHit(1, 1, 18.4f)]));

    [Fact]
    public void A_confident_bm25_match_that_the_dense_lists_sink_is_moved_up_to_third()
    {
        // Dense lists agree on 10..19 and never saw 1; BM25 is sure of 1 (18.4 against 10.6) and knows none of 10..19.
        var dense = Enumerable.Range(10, 10).Select((e, i) => new EntryHit(e, e, 0.7f - 0.01f * i)).Append(new EntryHit(99, 99, 0.1f)).ToArray();
        var lexical = new[] { new EntryHit(1, 1, 18.4f), new EntryHit(2, 2, 10.6f), new EntryHit(3, 3, 10.5f), new EntryHit(4, 4, 10.4f) };
        var fused = Fusion.Hybrid(new QuestionLists(dense, dense, lexical), 5);
        Assert.Equal([10, 11, 1, 12, 13], fused.Select(h => h.Entry));
        Assert.Equal(fused[3].Score, fused[2].Score);      // it takes the score of the hit it displaced: scores still fall
        Assert.Equal(3, Fusion.Hybrid(new QuestionLists(dense, dense, lexical), 3).Count);
        // Where fusion already puts it in the top 3 (first, with a dense score too), it stays there.
        var near = dense.Take(2).Append(new EntryHit(1, 1, 0.69f)).Concat(dense.Skip(2)).ToArray();
        Assert.Equal([1, 10, 11], Fusion.Hybrid(new QuestionLists(near, near, lexical), 3).Select(h => h.Entry));
        // Fewer places than 3 asked for: the first ones stand.
        Assert.Equal([10, 11], Fusion.Hybrid(new QuestionLists(dense, dense, lexical), 2).Select(h => h.Entry));
        // Not confident (10.6 → 13): fusion's order stands.
        lexical[1] = new EntryHit(2, 2, 13f);
        Assert.DoesNotContain(1, Fusion.Hybrid(new QuestionLists(dense, dense, lexical), 3).Select(h => h.Entry));
    }

    [Theory]
    [InlineData(0.50f, 0.0, true)]       // close enough in meaning alone
    [InlineData(0.49f, 0.34, false)]
    [InlineData(0.40f, 0.35, true)]      // looser in meaning, but it holds a third of the question's words
    [InlineData(0.39f, 1.0, false)]      // words alone never suffice
    [InlineData(-1f, 0.0, false)]        // no indexed text
    public void An_entry_is_related_to_a_question_by_its_cosine_or_by_its_cosine_and_words_together(float cosine, double wordShare, bool related) =>
        Assert.Equal(related, Relatedness.ToQuestion(cosine, wordShare));

    [Fact]
    public void The_word_share_is_the_bm25_score_over_the_ceiling_at_most_one()
    {
        var lists = new QuestionLists([], [], [new EntryHit(3, 0, 12f), new EntryHit(4, 0, 3f), new EntryHit(3, 1, 1f)], Bm25Ceiling: 10);
        Assert.Equal(new Dictionary<int, double> { [3] = 1.0, [4] = 0.3 }, lists.WordShares());
        Assert.Empty((lists with { Bm25Ceiling = 0 }).WordShares());
    }

    [Fact]
    public void The_bm25_ceiling_sums_fts5_idf_over_the_query_words_and_counts_words_the_journal_lacks()
    {
        // N = 1,000 chunks; "fire" in 10, "cheese" in none, "the" a stop word; idf = ln((N − n + 0.5) / (n + 0.5)).
        int Df(string w) => w switch { "fire" => 10, "wife" => 600, _ => 0 };
        Assert.Equal(Math.Log(990.5 / 10.5) + Math.Log(1000.5 / 0.5), LexicalRanker.Bm25Ceiling("the fire and the cheese", Df, 1000), 6);
        // "wife" is in over half of the chunks: out of the query, as MatchExpression leaves it out.
        Assert.Equal(Math.Log(990.5 / 10.5), LexicalRanker.Bm25Ceiling("wife and the fire", Df, 1000), 6);
        Assert.Equal(0, LexicalRanker.Bm25Ceiling("the and of", Df, 1000));
    }

    [Fact]
    public void The_bootstrap_interval_holds_the_mean_and_narrows_with_more_queries()
    {
        var small = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 1.0 : 0.0).ToList();
        var large = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 1.0 : 0.0).ToList();
        var (low, high) = RetrievalMetrics.BootstrapInterval(small);
        Assert.InRange(0.5, low, high);
        Assert.InRange(high - low, 0.3, 0.5);              // about ±2 × sqrt(0.25 / 20) = ±0.22
        var (lowLarge, highLarge) = RetrievalMetrics.BootstrapInterval(large);
        Assert.InRange(highLarge - lowLarge, 0.07, 0.13);  // ±0.05
        Assert.Equal((1.0, 1.0), RetrievalMetrics.BootstrapInterval([1.0, 1.0, 1.0]));
        Assert.Equal(RetrievalMetrics.BootstrapInterval(small), RetrievalMetrics.BootstrapInterval(small)); // seeded
    }

    [Theory]
    [InlineData("Up, and to the Office", "up,office")]          // punctuation splits, lower case, stop words out
    [InlineData("a b c ab", "ab")]                               // one letter is no word
    [InlineData("ÉTÉ à Strasbourg's", "été,strasbourg")]         // lower-cased beyond ASCII; "s" alone is dropped
    [InlineData("1660 x9 9x", "1660,x9,9x")]                    // digits are word characters (Candidates drops numbers)
    [InlineData("tea𝔄time", "tea,time")]                        // a surrogate pair is no letter here
    [InlineData("the end", "end")]                              // the last word, at the end of the text
    [InlineData("", "")]
    public void Words_are_runs_of_letters_and_digits_lower_cased_without_stop_words(string text, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), LexicalRanker.Words(text));

    // The words of a "more like this" query as the FTS5 expression they are sent as (when FTS5 answers).
    private static string? MoreLikeThis(IEnumerable<string> texts, Func<string, int> documentFrequency, int chunks, int terms = LexicalRanker.MoreLikeThisTerms) =>
        LexicalRanker.MoreLikeThisWords(texts, documentFrequency, chunks, terms) is { } words ? LexicalRanker.Match(words) : null;

    [Fact]
    public void More_like_this_keeps_the_words_that_are_frequent_here_and_rare_elsewhere()
    {
        // "fire" twice and rare, "office" three times but in 45 of 1,000 chunks, "the" a stop word, "43" a number.
        var texts = new[] { "The fire at the office. The fire!", "Office, office: 43 pigeons." };
        var officeChunks = 45;
        int DocumentFrequency(string w) => w switch { "fire" => 5, "office" => officeChunks, "pigeons" => 2, _ => 0 };
        Assert.Equal("\"fire\" OR \"office\"", MoreLikeThis(texts, DocumentFrequency, 1000, terms: 2));
        Assert.Equal("\"fire\" OR \"office\" OR \"pigeons\"", MoreLikeThis(texts, DocumentFrequency, 1000));
        Assert.Null(LexicalRanker.MoreLikeThisWords(["the and of"], DocumentFrequency, 1000));
        // In more than 5% of the chunks (51 of 1,000) a word is too common to tell days apart, however often it is used;
        // in a small index the floor of 20 chunks keeps it.
        officeChunks = 51;
        Assert.Equal("\"fire\" OR \"pigeons\"", MoreLikeThis(texts, DocumentFrequency, 1000));
        officeChunks = 20;
        Assert.Equal("\"fire\" OR \"office\" OR \"pigeons\"", MoreLikeThis(texts, DocumentFrequency, 100));
    }

    [Theory]
    [InlineData("What is the role of p53 in cancer?", "\"what\" OR \"role\" OR \"p53\" OR \"cancer\"")]
    [InlineData("the AND or NOT \"quoted\"", "\"quoted\"")]      // operators and stop words never reach FTS5
    [InlineData("a", null)]
    [InlineData("Fire, fire: FIRE!", "\"fire\"")]
    public void A_question_becomes_an_or_query_of_its_words(string question, string? expected) =>
        Assert.Equal(expected, LexicalRanker.MatchExpression(question));

    // Of 1,000 chunks: "my" and "wife" in most, "went" in exactly half, "plague" in few.
    [Theory]
    [InlineData("my wife and the plague", "\"plague\"")]                 // the words in more than half are left out
    [InlineData("my wife went", "\"went\"")]                            // half is not more than half
    [InlineData("my wife", "\"my\" OR \"wife\"")]                       // all common: all kept, else nothing to match
    [InlineData("a plague upon my house", "\"plague\" OR \"upon\" OR \"house\"")] // words the index lacks (0) stay
    public void A_questions_words_in_most_chunks_are_left_out_of_its_bm25_query(string question, string expected)
    {
        int Frequency(string w) => w switch { "my" => 900, "wife" => 700, "went" => 500, "plague" => 12, _ => 0 };
        Assert.Equal(expected, LexicalRanker.MatchExpression(question, Frequency, 1000));
    }

    private static string[] Run(string run) => run.Length == 0 ? [] : run.Split(',');
}
