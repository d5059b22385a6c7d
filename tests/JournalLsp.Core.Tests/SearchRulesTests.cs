using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

/// <summary>
/// Every ranking and selection rule of Core/Search on hand-built corpora with synthetic 4-d vectors: no model, no
/// SQLite. Each case is a row; a corpus is written as "path|date|heading|start" entries with one vector per chunk.
/// </summary>
public class SearchRulesTests
{
    // A corpus: each entry "path|YYYY-MM-DD or empty|heading|startLine", with its chunks' vectors (none: no indexed text).
    private static SearchCorpus Corpus(params (string Entry, float[][] Chunks)[] entries)
    {
        var infos = new List<EntryInfo>();
        var chunks = new List<ChunkInfo>();
        var vectors = new List<float>();
        foreach (var (entry, entryChunks) in entries)
        {
            var f = entry.Split('|');
            var start = int.Parse(f[3]);
            infos.Add(new EntryInfo(infos.Count + 1, f[0], f[1].Length == 0 ? null : DateOnly.Parse(f[1]), start, start + 9, f[2]));
            foreach (var v in entryChunks)
            {
                var norm = MathF.Sqrt(v.Sum(x => x * x));
                chunks.Add(new ChunkInfo(chunks.Count + 100, infos.Count - 1, start + 2, start + 2));
                vectors.AddRange(v.Select(x => x / norm));
            }
        }
        return new SearchCorpus(infos, chunks, vectors.ToArray(), 4);
    }

    private static readonly float[] X = [1, 0, 0, 0], Y = [0, 1, 0, 0], Z = [0, 0, 1, 0], W = [0, 0, 0, 1];
    private static readonly float[] XY = [1, 1, 0, 0];

    // In the index's order, by path then start line (SearchCorpus.Entries).
    private static SearchCorpus Days() => Corpus(
        ("2018/2018-11-03.md|2018-11-03|2018-11-03|0", []),           // 0: no indexed text yet
        ("2019/2019-11-03.md|2019-11-03|2019-11-03|0", [X]),          // 1
        ("2020/2020-02-29.md|2020-02-29|2020-02-29|0", [X]),          // 2
        ("2020/2020-11-03.md|2020-11-03|2020-11-03|0", [Y]),          // 3
        ("2021/2021-11.md|2021-11-03|2021-11-03|0", [Z]),             // 4
        ("2021/2021-11.md|2021-11-04|2021-11-04|10", [W]),            // 5
        ("ideas.md||Ideas|0", [Y]));                                  // 6

    // One file with two sections for one day ("am", "pm").
    private static SearchCorpus TwoOnOneDay() => Corpus(
        ("2020/2020-11-03.md|2020-11-03|2020-11-03|0", [X]),
        ("2021/2021-11-03.md|2021-11-03|morning|0", [Y]),
        ("2021/2021-11-03.md|2021-11-03|evening|10", [Z]));

    private static string[] Dates(SearchCorpus corpus, IEnumerable<EntryHit> hits) =>
        hits.Select(h => corpus.Entries[h.Entry].Date?.ToString("yyyy-MM-dd") ?? corpus.Entries[h.Entry].Heading).ToArray();

    [Theory]
    [InlineData("2022-11-03", 10, "2021-11-03,2020-11-03,2019-11-03")] // newest first; 2018 has no text
    [InlineData("2022-11-03", 2, "2021-11-03,2020-11-03")]
    [InlineData("2021-11-03", 10, "2020-11-03,2019-11-03")]            // the day's own year is not "earlier"
    [InlineData("2024-02-29", 10, "2020-02-29")]
    [InlineData("2023-02-28", 10, "")]                                  // 29 February matches only 29 February
    [InlineData("2022-11-05", 10, "")]
    public void On_this_day_lists_earlier_years_on_the_same_month_and_day(string date, int top, string expected) =>
        Assert.Equal(expected, string.Join(",", Dates(Days(), EntrySelection.OnThisDay(Days(), DateOnly.Parse(date), top))));

    [Theory]
    [InlineData("2020-01-01", "2021-12-31", 10, "2020-02-29,2020-11-03,2021-11-03,2021-11-04")]
    [InlineData("2020-01-01", null, 2, "2020-02-29,2020-11-03")]
    [InlineData(null, "2019-12-31", 10, "2019-11-03")]                  // 2018 has no text
    [InlineData(null, null, 3, "Ideas,2019-11-03,2020-02-29")]          // no range: undated notes first
    public void A_date_only_question_lists_the_period_in_date_order(string? from, string? to, int top, string expected)
    {
        var range = from is null && to is null ? null : new DateRange(from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to));
        Assert.Equal(expected, string.Join(",", Dates(Days(), EntrySelection.InDateOrder(Days(), range, top))));
    }

    [Theory]
    [InlineData("2021/2021-11.md", null, "2021-11-03")]  // no line: the file's first entry
    [InlineData("2021/2021-11.md", 0, "2021-11-03")]
    [InlineData("2021/2021-11.md", 9, "2021-11-03")]
    [InlineData("2021/2021-11.md", 10, "2021-11-04")]    // the last entry starting at or before the line
    [InlineData("2021/2021-11.md", 500, "2021-11-04")]
    [InlineData("2021/2021-11.md", -1, "2021-11-03")]    // above every entry: the first
    [InlineData("nope.md", 0, null)]
    public void An_entry_is_found_by_file_and_line(string path, int? line, string? expected)
    {
        var corpus = Days();
        var found = EntrySelection.FindInFile(corpus, path, line);
        Assert.Equal(expected, found is { } e ? corpus.Entries[e].Date?.ToString("yyyy-MM-dd") : null);
    }

    [Theory]
    [InlineData("", 3, null)]          // no entries
    [InlineData("0", 7, 0)]
    [InlineData("2,10,20", 0, 0)]      // above every entry: the first
    [InlineData("2,10,20", null, 0)]   // no line: the first
    [InlineData("2,10,20", 9, 0)]
    [InlineData("2,10,20", 10, 1)]     // an entry's own first line is its
    [InlineData("2,10,20", 19, 1)]
    [InlineData("2,10,20", 400, 2)]    // below the last start: the last
    public void The_entry_holding_a_line_is_the_last_starting_at_or_before_it(string starts, int? line, int? expected)
    {
        var startLines = starts.Length == 0 ? [] : starts.Split(',').Select(int.Parse).ToArray();
        Assert.Equal(expected, EntrySelection.Holding(startLines, line));
    }

    [Theory]
    [InlineData("2021/2021-11.md", "2021-11-04", 5)]
    [InlineData("ideas.md", "#Ideas", 6)]
    [InlineData("2021/2021-11.md", "2021-11-05", null)]
    [InlineData("2020/2020-11-03.md", "2021-11-03", null)] // the day exists, but in another file
    public void An_entry_is_found_by_its_key_not_its_line(string path, string name, int? expected) =>
        Assert.Equal(expected, EntrySelection.Find(Days(), new EntryKey(path, name)));

    [Theory]
    [InlineData(2)] // one source passage at a time
    [InlineData(9)] // eight at a time (where 256-bit vectors are accelerated), then one
    public void Passage_matches_split_across_two_cores_are_those_of_one_pass_ties_to_the_earlier_chunk(int sources)
    {
        // Six chunks split 0-2 and 3-5: entry 1's chunks 2 and 3 straddle the split with one vector, a tie for each
        // source passage, which one pass gives to chunk 2; the source passages are entry 0's two, taken in turn.
        var corpus = Corpus(
            ("a.md|2020-01-01|a|0", [X, XY]),
            ("b.md|2020-03-01|b|0", [Z, Z]),
            ("c.md|2020-05-01|c|0", [Y]),
            ("d.md|2020-07-01|d|0", [W]));
        int[] passages = [.. Enumerable.Range(0, sources).Select(s => s % 2)];
        var one = PassageMatches.Match(corpus, passages, twoCoreWork: int.MaxValue);
        var two = PassageMatches.Match(corpus, passages, twoCoreWork: 0);
        for (var entry = 0; entry < 4; entry++)
            for (var source = 0; source < sources; source++)
            {
                Assert.Equal(one.Best(entry, source), two.Best(entry, source));
                Assert.Equal(one.BestChunk(entry, source), two.BestChunk(entry, source));
            }
        for (var source = 0; source < sources; source++) Assert.Equal(2, two.BestChunk(1, source));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)] // four, then one
    [InlineData(6)] // four, then two
    [InlineData(7)] // four, then three
    public void Dot_products_with_several_queries_are_each_querys_own_to_the_bit(int queries)
    {
        // Each count takes its own passes through the integer kernel where it runs (AVX2 without accelerated 512-bit
        // vectors, as on the machines measured); elsewhere through the float path.
        var random = new Random(37);
        var infos = Enumerable.Range(0, 50).Select(e => new EntryInfo(e + 1, $"{e:00}.md", new DateOnly(2020, 1, 1).AddDays(e), 0, 9, "")).ToList();
        var chunks = Enumerable.Range(0, 50).Select(c => new ChunkInfo(c + 100, c, 0, 0)).ToList();
        var corpus = new SearchCorpus(infos, chunks, [.. Enumerable.Range(0, 50 * 64).Select(_ => (float)(random.NextDouble() * 2 - 1))], 64);
        var rows = corpus.Vectors;
        var together = new float[50 * queries];
        rows.Dots(0, 50, rows.Queries([.. Enumerable.Range(10, queries)]), together);
        var alone = new float[50];
        for (var q = 0; q < queries; q++)
        {
            rows.Dots(0, 50, rows.Queries([10 + q]), alone);
            for (var r = 0; r < 50; r++)
            {
                Assert.Equal(alone[r], together[r * queries + q]);
                Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(corpus.VectorOf(r), corpus.VectorOf(10 + q)), alone[r], 1e-3);
            }
        }
    }

    [Fact]
    public void Passage_matches_of_many_source_passages_at_once_are_those_of_each_alone_to_the_bit()
    {
        // Nine source passages (eight a step where 256-bit vectors are accelerated, then one) against each one alone (one
        // at a time): the same float operations in the same order give the same scores and the same best passages.
        var random = new Random(31);
        var infos = Enumerable.Range(0, 40).Select(e => new EntryInfo(e + 1, $"{e:00}.md", new DateOnly(2020, 1, 1).AddDays(e), 0, 9, "")).ToList();
        var chunks = Enumerable.Range(0, 120).Select(c => new ChunkInfo(c + 100, c / 3, c % 3, c % 3)).ToList();
        var vectors = Enumerable.Range(0, 120 * 64).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var corpus = new SearchCorpus(infos, chunks, vectors, 64);
        int[] sources = [3, 4, 5, 50, 51, 77, 90, 91, 119];
        var together = PassageMatches.Match(corpus, sources, twoCoreWork: int.MaxValue);
        for (var s = 0; s < sources.Length; s++)
        {
            var alone = PassageMatches.Match(corpus, [sources[s]], twoCoreWork: int.MaxValue);
            for (var e = 0; e < infos.Count; e++)
            {
                Assert.Equal(alone.Best(e, 0), together.Best(e, s));
                Assert.Equal(alone.BestChunk(e, 0), together.BestChunk(e, s));
            }
        }
    }

    [Theory]
    [InlineData(int.MaxValue)] // one pass
    [InlineData(0)]            // two halves
    public void Passage_matches_are_each_candidates_best_centred_cosine_across_entries_left_out_and_long_runs(int twoCoreWork)
    {
        // 24 entries of 1-12 passages of 384 dimensions (156 rows; entries 14-23 a run of 69 candidate rows, longer than the 64 scored a
        // call), entries 5 and 13 left out, entry 3's ten passages the sources (passes of four, four and two queries);
        // every (entry, source passage)'s best is the brute-force one, in doubles.
        var random = new Random(29);
        var infos = new List<EntryInfo>();
        var chunks = new List<ChunkInfo>();
        var vectors = new List<float>();
        for (var e = 0; e < 24; e++)
        {
            infos.Add(new EntryInfo(e + 1, $"{e:00}.md", new DateOnly(2020, 1, 1).AddDays(7 * e), 0, 9, ""));
            for (var c = 0; c < 1 + e * 7 % 12; c++)
            {
                chunks.Add(new ChunkInfo(chunks.Count + 100, e, c, c));
                var v = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var norm = MathF.Sqrt(v.Sum(x => x * x));
                vectors.AddRange(v.Select(x => x / norm));
            }
        }
        var corpus = new SearchCorpus(infos, chunks, [.. vectors], 384);
        var sources = corpus.ChunksOf(3);
        var matches = PassageMatches.Match(corpus, sources, e => e.Id is not (6 or 14), twoCoreWork);
        var mean = corpus.Mean;
        double Centred(int a, int b)
        {
            var (x, y) = (corpus.VectorOf(a), corpus.VectorOf(b));
            double dot = 0, xx = 0, yy = 0;
            for (var i = 0; i < 384; i++)
            {
                var (p, q) = ((double)x[i] - mean[i], (double)y[i] - mean[i]);
                (dot, xx, yy) = (dot + p * q, xx + p * p, yy + q * q);
            }
            return dot / Math.Sqrt(xx * yy);
        }
        for (var e = 0; e < 24; e++)
        {
            Assert.Equal(e is not (5 or 13), matches.IsCandidate(e));
            if (!matches.IsCandidate(e)) continue;
            for (var s = 0; s < sources.Count; s++)
            {
                var best = corpus.ChunksOf(e).MaxBy(c => Centred(c, sources[s]));
                Assert.Equal(best, matches.BestChunk(e, s));
                Assert.Equal(Centred(best, sources[s]), matches.Best(e, s), 1e-4);
            }
        }
    }

    [Fact]
    public void An_entry_key_is_the_day_or_the_heading_of_an_undated_note()
    {
        Assert.Equal(new EntryKey("a.md", "2019-11-03"), EntryKey.Of("a.md", new DateOnly(2019, 11, 3), "Sunday"));
        Assert.Equal(new EntryKey("a.md", "#Ideas"), EntryKey.Of("a.md", null, "Ideas"));
        Assert.Equal(EntryKey.Of(Days().Entries[6]), new EntryKey("ideas.md", "#Ideas"));
    }

    [Theory]
    [InlineData("2018-11-03", 0, null)]  // found by day even without text (the engine says "no text yet"); not listed
    [InlineData("2021-11-04", 5, 5)]
    [InlineData("2030-01-01", null, null)]
    public void An_entry_is_found_by_day(string date, int? found, int? firstWithText)
    {
        Assert.Equal(found, EntrySelection.FindOn(Days(), DateOnly.Parse(date)));
        Assert.Equal(firstWithText, EntrySelection.FirstOn(Days(), DateOnly.Parse(date))?.Entry);
    }

    [Theory]
    [InlineData("2021-11-03", 3, "2018-11-03,2019-11-03,2020-02-29,2020-11-03,Ideas")] // 11-04 is a neighbour
    [InlineData("2021-11-03", 1, "2018-11-03,2019-11-03,2020-02-29,2020-11-03,Ideas")] // exactly 1 day away: still one
    [InlineData("2021-11-03", 0, "2018-11-03,2019-11-03,2020-02-29,2020-11-03,2021-11-04,Ideas")]
    [InlineData("2020-11-03", 800, "Ideas")]                                             // a window over every dated day
    public void Similar_days_leave_out_the_day_itself_and_its_neighbours(string self, int neighbourDays, string expected)
    {
        var corpus = Days();
        var source = corpus.Entries[EntrySelection.FindOn(corpus, DateOnly.Parse(self))!.Value];
        var include = SimilarDays.Candidates(source, neighbourDays);
        Assert.Equal(expected, string.Join(",", corpus.Entries.Where(include).Select(e => e.Date?.ToString("yyyy-MM-dd") ?? e.Heading)));
    }

    // Candidate scores: n copies of a value, then the listed extras.
    private static EntryHit[] Scores(int n, float value, params float[] extra) =>
        [.. Enumerable.Repeat(value, n).Concat(extra).Select((score, i) => new EntryHit(i, i, score))];

    [Theory]
    [InlineData(29, 0.0f, new float[0], float.PositiveInfinity)]   // too few candidates to calibrate: nothing is related
    [InlineData(30, 0.1f, new float[0], 0.2f)]                     // no spread: the floor
    [InlineData(30, 0.5f, new float[0], 0.5f)]                     // all alike and above the floor: mean + 3 × 0
    [InlineData(48, 0.0f, new[] { 0.7f, -0.7f }, 0.42f)]           // mean 0, sd 0.14: 3 sd
    [InlineData(48, 0.1f, new[] { 0.3f, -0.1f }, 0.1f + 3 * 0.04f)] // mean 0.1, sd 0.04: 3 sd gives 0.22
    public void A_related_day_stands_three_deviations_above_the_candidates_and_clears_the_floor(int n, float value, float[] extra, float expected) =>
        Assert.Equal(expected, Relatedness.Threshold(Scores(n, value, extra)), 4);

    // A source entry, one entry that shares its passages, and many that do not: 16-d vectors, seeded noise.
    // A corpus of one-chunk entries with 16-d vectors (normalised here), one entry per Add, for rules that need a
    // journal old enough to judge (Relatedness.MinCandidates).
    private sealed class NoiseCorpus(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<EntryInfo> _entries = [];
        private readonly List<ChunkInfo> _chunks = [];
        private readonly List<float> _vectors = [];

        public float[] Noise() => [.. Enumerable.Range(0, 16).Select(_ => (float)(_random.NextDouble() * 2 - 1))];

        // A vector near v: v plus scale × noise.
        public float[] Near(float[] v, float scale) => [.. v.Zip(Noise(), (s, n) => s + scale * n)];

        public void Add(string heading, DateOnly date, float[] v)
        {
            _entries.Add(new EntryInfo(_entries.Count + 1, $"{heading}.md", date, 0, 9, heading));
            _chunks.Add(new ChunkInfo(_chunks.Count + 100, _entries.Count - 1, 0, 0));
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            _vectors.AddRange(v.Select(x => x / norm));
        }

        public SearchCorpus Build() => new(_entries, _chunks, _vectors.ToArray(), 16);
    }

    private static SearchCorpus OneRelatedAmongMany(int unrelated)
    {
        var c = new NoiseCorpus(7);
        var source = c.Noise();
        c.Add("source", new DateOnly(2020, 1, 1), source);
        c.Add("twin", new DateOnly(2021, 1, 1), c.Near(source, 0.1f));
        for (var i = 0; i < unrelated; i++) c.Add($"other{i}", new DateOnly(2022, 1, 1).AddDays(7 * i), c.Noise());
        return c.Build();
    }

    private static readonly Dictionary<EntryKey, DateTimeOffset> NeverSeen = [];

    [Fact]
    public void The_related_day_comes_first()
    {
        var corpus = OneRelatedAmongMany(60);
        var days = SimilarDays.Rank(corpus, 0, 5, 3, 0, NeverSeen, DateTimeOffset.UnixEpoch);
        Assert.Equal((1, "twin"), (days.RelatedCount, corpus.Entries[days.Hits[0].Entry].Heading));
    }

    [Fact]
    public void The_closest_unrelated_days_fill_the_list_below_the_threshold()
    {
        var days = SimilarDays.Rank(OneRelatedAmongMany(60), 0, 5, 3, 0, NeverSeen, DateTimeOffset.UnixEpoch);
        Assert.Equal(5, days.Hits.Count);
        Assert.True(days.Hits[1].Score < days.Threshold && days.Hits[0].Score >= days.Threshold);
    }

    [Fact]
    public void A_related_day_opened_just_now_moves_down_the_list_and_stays_in_it_related()
    {
        var corpus = OneRelatedAmongMany(60);
        var now = DateTimeOffset.UnixEpoch;
        var seen = corpus.Entries.Where(e => e.Heading == "twin").ToDictionary(EntryKey.Of, _ => now);
        var days = SimilarDays.Rank(corpus, 0, 5, 3, 1, seen, now);
        var twin = days.Hits.Single(h => corpus.Entries[h.Entry].Heading == "twin");
        Assert.Equal((1, true), (days.RelatedCount, days.IsRelated(twin.Entry)));
        Assert.NotEqual("twin", corpus.Entries[days.Hits[0].Entry].Heading); // the penalty (weight 1) orders it below
    }

    [Fact]
    public void A_BM25_list_given_as_data_orders_the_days_without_changing_which_are_related()
    {
        var corpus = OneRelatedAmongMany(60);
        var other = corpus.Entries.Select((e, i) => (e, i)).First(x => x.e.Heading == "other7").i;
        var days = SimilarDays.Rank(corpus, 0, 5, 3, 0, NeverSeen, DateTimeOffset.UnixEpoch, lexical: [new(other, corpus.ChunksOf(other)[0], 9f)]);
        // other7 is first by both lists together; the twin, first by dense alone, stays the one related day.
        Assert.Equal(["other7", "twin"], days.Hits.Take(2).Select(h => corpus.Entries[h.Entry].Heading));
        Assert.Equal([true], days.Hits.Where(h => days.IsRelated(h.Entry)).Select(h => corpus.Entries[h.Entry].Heading == "twin"));
    }

    [Theory]
    [InlineData("a b C d E", 3, "a C E")]     // capitals are related: both kept, the first unrelated fills the room
    [InlineData("a b C d E", 2, "C E")]
    [InlineData("A B C d", 2, "A B")]         // more related than room: the first related
    [InlineData("a b c", 2, "a b")]           // none related: the first ones
    [InlineData("a B", 5, "a B")]
    public void The_list_keeps_every_related_day_and_fills_the_rest_in_order(string ordered, int top, string kept) =>
        Assert.Equal(kept, string.Join(' ', SimilarDays.KeepRelated(ordered.Split(' '), s => char.IsUpper(s[0]), top)));

    [Fact]
    public void Related_days_keep_their_place_in_the_list_when_unrelated_ones_score_higher()
    {
        // Sixty noise days and one twin; BM25 puts ten unrelated days above it: the list of five still holds the twin.
        var corpus = OneRelatedAmongMany(60);
        var others = Enumerable.Range(0, corpus.Entries.Count).Where(i => corpus.Entries[i].Heading.StartsWith("other")).Take(10);
        var lexical = others.Select((e, rank) => new EntryHit(e, corpus.ChunksOf(e)[0], 20f - rank)).ToList();
        var days = SimilarDays.Rank(corpus, 0, 5, 3, 0, NeverSeen, DateTimeOffset.UnixEpoch, lexical: lexical, denseWeight: 0.1);
        Assert.Equal(5, days.Hits.Count);
        Assert.Equal("twin", corpus.Entries[days.Hits[^1].Entry].Heading); // last by score, in by its verdict
        Assert.Equal(1, days.RelatedCount);
    }

    [Fact]
    public void In_a_folder_of_a_few_notes_nothing_is_related()
    {
        var corpus = OneRelatedAmongMany(20); // 21 candidates, below Relatedness.MinCandidates
        Assert.Equal(0, SimilarDays.Rank(corpus, 0, 5, 3, 0, NeverSeen, DateTimeOffset.UnixEpoch).RelatedCount);
    }

    [Theory]
    [InlineData(null, 0.1, 0.0)]     // never opened
    [InlineData(0.0, 0.1, 0.1)]      // opened now: the whole weight
    [InlineData(30.0, 0.1, 0.05)]    // one half-life
    [InlineData(60.0, 0.1, 0.025)]
    [InlineData(-5.0, 0.1, 0.1)]     // a clock skewed into the future counts as now
    [InlineData(0.0, 0.0, 0.0)]      // weight 0: off
    public void The_forgotten_entry_penalty_halves_every_30_days(double? daysAgo, double weight, double expected)
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var seen = daysAgo is { } d ? now.AddDays(-d) : (DateTimeOffset?)null;
        Assert.Equal(expected, SimilarDays.ForgottenPenalty(seen, now, weight), 6);
    }

    [Theory]
    [InlineData("2020-01-05", "2020-01-05", 0.4, 0.4)]    // the same day: the whole weight
    [InlineData("2020-02-04", "2020-01-05", 0.4, 0.2)]    // a month (30 days) later: half
    [InlineData("2019-12-06", "2020-01-05", 0.4, 0.2)]    // or earlier
    [InlineData("2020-04-04", "2020-01-05", 0.4, 0.05)]   // three months: an eighth
    [InlineData(null, "2020-01-05", 0.4, 0.0)]            // an undated note
    [InlineData("2020-01-05", "2020-01-05", 0.0, 0.0)]    // weight 0: off
    public void The_story_bonus_halves_every_30_days_apart(string? day, string source, double weight, double expected) =>
        Assert.Equal(expected, SimilarDays.StoryBonus(day is null ? null : DateOnly.Parse(day), DateOnly.Parse(source), weight), 6);

    // A source, two days that read like it (one two years away, one a week away), a day a week away that does not, a
    // day five years away that reads somewhat like it, and 40 other days; in the lexical list the two twins tie.
    private static (SearchCorpus Corpus, IReadOnlyList<EntryHit> Lexical) StoryCorpus()
    {
        var c = new NoiseCorpus(11);
        var source = c.Noise();
        c.Add("source", new DateOnly(2020, 6, 1), source);
        c.Add("farTwin", new DateOnly(2018, 6, 1), c.Near(source, 0.1f));
        c.Add("nearTwin", new DateOnly(2020, 6, 8), c.Near(source, 0.1f));
        c.Add("nearStranger", new DateOnly(2020, 6, 9), c.Noise());
        c.Add("farCousin", new DateOnly(2015, 6, 1), c.Near(source, 0.6f));
        for (var i = 0; i < 40; i++) c.Add($"other{i}", new DateOnly(2022, 1, 1).AddDays(7 * i), c.Noise());
        var corpus = c.Build();
        return (corpus, [new(1, 1, 5f), new(2, 2, 5f), new(3, 3, 2f), new(5, 5, 1f)]);
    }

    private static string Ranked(SearchCorpus corpus, IReadOnlyList<EntryHit> lexical, double storyWeight) =>
        string.Join(",", SimilarDays.Rank(corpus, 0, 10, 3, 0, NeverSeen, DateTimeOffset.UnixEpoch, lexical: lexical, storyWeight: storyWeight)
            .Hits.Select(h => corpus.Entries[h.Entry].Heading));

    [Fact]
    public void Of_two_days_that_read_alike_the_nearer_comes_first_in_a_hybrid_list()
    {
        var (corpus, lexical) = StoryCorpus();
        Assert.StartsWith("nearTwin,farTwin", Ranked(corpus, lexical, SimilarDays.StoryWeight));
    }

    [Fact]
    public void A_near_day_that_does_not_read_alike_gains_nothing_from_being_near()
    {
        // With the bonus (0.34 a week away) the stranger would pass the cousin; it only stands above the mean if it reads alike.
        var (corpus, lexical) = StoryCorpus();
        var order = Ranked(corpus, lexical, SimilarDays.StoryWeight).Split(',').ToList();
        Assert.Contains("nearStranger", order);
        Assert.True(order.IndexOf("farCousin") < order.IndexOf("nearStranger"), string.Join(",", order));
    }

    [Fact]
    public void In_a_journal_too_young_to_judge_no_day_gains_for_being_near()
    {
        // b and c read the same as a and BM25 finds both alike; c is a week from a, b two years; 3 candidates.
        var corpus = Corpus(
            ("a.md|2020-01-01|a|0", [X]),
            ("b.md|2018-01-01|b|0", [[0.95f, 0.05f, 0.3f, 0]]),
            ("c.md|2020-01-08|c|0", [[0.95f, 0.05f, 0.3f, 0]]),
            ("d.md|2023-06-01|d|0", [W]));
        EntryHit[] lexical = [new(1, 1, 5f), new(2, 2, 5f)];
        Assert.Equal(Ranked(corpus, lexical, 0), Ranked(corpus, lexical, SimilarDays.StoryWeight));
    }

    [Fact]
    public void An_entry_opened_today_drops_below_a_forgotten_one_that_scored_a_little_less()
    {
        var corpus = Corpus(
            ("a.md|2020-01-01|a|0", [X]),
            ("b.md|2021-06-01|b|0", [[0.95f, 0.05f, 0.3f, 0]]),  // closest to a
            ("c.md|2022-06-01|c|0", [[0.9f, 0.1f, 0.35f, 0]]),   // a little further
            ("d.md|2023-06-01|d|0", [W]));
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        var lastSeen = corpus.Entries.Where(e => e.Path == "b.md").ToDictionary(EntryKey.Of, _ => now);
        Assert.Equal("b,c,d", string.Join(",", SimilarDays.Rank(corpus, 0, 3, 3, 0, lastSeen, now).Hits.Select(h => corpus.Entries[h.Entry].Heading)));
        Assert.Equal("c,b,d", string.Join(",", SimilarDays.Rank(corpus, 0, 3, 3, 0.5, lastSeen, now).Hits.Select(h => corpus.Entries[h.Entry].Heading)));
    }

    [Fact]
    public void The_forgotten_penalty_reranks_a_pool_wider_than_top()
    {
        var corpus = Corpus(
            ("a.md|2020-01-01|a|0", [X]),
            ("b.md|2021-06-01|b|0", [[0.95f, 0.05f, 0.3f, 0]]),
            ("c.md|2022-06-01|c|0", [[0.9f, 0.1f, 0.35f, 0]]),
            ("d.md|2023-06-01|d|0", [W]));
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        var lastSeen = corpus.Entries.Where(e => e.Path == "b.md").ToDictionary(EntryKey.Of, _ => now);
        // Top 1: b is re-ranked against a pool of PoolSize(1), so c, just outside the top, can win.
        Assert.Equal("c", corpus.Entries[Assert.Single(SimilarDays.Rank(corpus, 0, 1, 3, 0.5, lastSeen, now).Hits).Entry].Heading);
    }

    [Fact]
    public void A_source_without_indexed_text_has_no_similar_days() =>
        Assert.Empty(SimilarDays.Rank(Days(), 0, 5, 3, 0.1, NeverSeen, DateTimeOffset.UnixEpoch).Hits);

    [Fact]
    public void Two_sections_for_one_day_are_told_apart_by_where_the_editor_has_them()
    {
        var corpus = TwoOnOneDay();
        var key = new EntryKey("2021/2021-11-03.md", "2021-11-03");
        Assert.Equal(1, EntrySelection.Find(corpus, key));            // no line: the first
        Assert.Equal(1, EntrySelection.Find(corpus, key, 2));
        Assert.Equal(2, EntrySelection.Find(corpus, key, 11));        // the evening section, where the cursor is
        Assert.Equal(1, EntrySelection.FirstOn(corpus, new DateOnly(2021, 11, 3))?.Entry);
        // Equal dates keep the index's order, in both date-ordered lists.
        Assert.Equal(["2021-11-03", "2021-11-03", "2020-11-03"], Dates(corpus, EntrySelection.OnThisDay(corpus, new DateOnly(2022, 11, 3), 5)));
        Assert.Equal([1, 2], EntrySelection.OnThisDay(corpus, new DateOnly(2022, 11, 3), 2).Select(h => h.Entry));
        Assert.Equal([0, 1, 2], EntrySelection.InDateOrder(corpus, null, 5).Select(h => h.Entry));
    }

    [Fact]
    public void Window_ranking_scores_an_entry_by_its_best_window_or_its_passage_when_it_has_none()
    {
        var passages = Corpus(
            ("a.md|2020-01-01|a|0", [XY, Z]),    // two passages
            ("b.md|2020-01-02|b|0", [X]),        // short: no windows, its passage counts
            ("c.md|2020-01-03|c|0", [Y]));
        // Windows of a (the second one, on line 5, is the query itself) and of c; rows L2-normalised like the chunks.
        var windows = new List<ChunkInfo> { new(500, 0, 2, 2), new(501, 0, 5, 5), new(502, 2, 2, 2) };
        float[] windowVectors = [.. Y, .. X, .. Z];
        var corpus = new SearchCorpus(passages.Entries, passages.Chunks, passages.Vectors, windows, Int8Rows.FromFloats(windowVectors, 4));
        var hits = DenseRanker.RankWindows(corpus, X, 3);
        Assert.Equal([0, 1, 2], hits.Select(h => h.Entry));
        Assert.Equal((1, 1f), (hits[0].Window, hits[0].Score));     // a's second window
        Assert.Contains(hits[0].Chunk, corpus.ChunksOf(0));        // and a passage of its entry (the last one starting by line 5)
        Assert.Equal((-1, 2, 1f), (hits[1].Window, hits[1].Chunk, hits[1].Score)); // b by its passage
        Assert.Equal(0f, hits[2].Score);                            // c's window, orthogonal
        Assert.Equal([0, 2], DenseRanker.RankWindows(corpus, X, 3, e => e.Heading != "b").Select(h => h.Entry));
    }

    [Fact]
    public void An_entrys_best_cosine_is_its_closest_passage_or_window()
    {
        var passages = Corpus(
            ("a.md|2020-01-01|a|0", [XY, Z]),
            ("b.md|2020-01-02|b|0", [Y]),
            ("c.md|2020-01-03|c|0", []));      // no indexed text
        var windows = new List<ChunkInfo> { new(500, 0, 2, 2), new(501, 0, 5, 5) };
        float[] windowVectors = [.. Y, .. X];
        var corpus = new SearchCorpus(passages.Entries, passages.Chunks, passages.Vectors, windows, Int8Rows.FromFloats(windowVectors, 4));
        Assert.Equal([0, 1], corpus.WindowsOf(0));
        Assert.Empty(corpus.WindowsOf(1));
        Assert.Equal(1f, DenseRanker.BestCosine(corpus, X, 0), 3);     // a's second window (its passages: 0.707 and 0)
        Assert.Equal(1f, DenseRanker.BestCosine(corpus, [0.7071f, 0.7071f, 0, 0], 0), 3); // a's first passage (windows 0.707)
        Assert.Equal(0f, DenseRanker.BestCosine(corpus, X, 1), 3);     // b's only passage, orthogonal
        Assert.Equal(-1f, DenseRanker.BestCosine(corpus, X, 2));       // nothing to compare
    }

    [Fact]
    public void Dense_ranking_scores_an_entry_by_its_best_chunk_and_honours_the_filter()
    {
        var corpus = Corpus(
            ("a.md|2020-01-01|a|0", [Y, X]),      // its second chunk is the query
            ("b.md|2020-01-02|b|0", [XY]),        // cos 0.707
            ("c.md|2020-01-03|c|0", [Z]));
        var hits = DenseRanker.Rank(corpus, X, 3);
        Assert.Equal(["a", "b", "c"], hits.Select(h => corpus.Entries[h.Entry].Heading));
        Assert.Equal(1, hits[0].Chunk);                     // the passage that matched
        Assert.Equal(1f, hits[0].Score, 5);
        Assert.Equal(MathF.Sqrt(0.5f), hits[1].Score, 5);
        Assert.Equal(["b", "c"], DenseRanker.Rank(corpus, X, 3, e => e.Heading != "a").Select(h => corpus.Entries[h.Entry].Heading));
        Assert.Throws<ArgumentException>(() => DenseRanker.Rank(corpus, [1, 0], 3));
    }

    [Fact]
    public void Similar_days_prefer_a_day_sharing_every_passage_to_one_matching_a_single_passage_exactly()
    {
        // The source has two passages, X and Y. "both" is near each; "one" repeats X exactly but has nothing like Y.
        var corpus = Corpus(
            ("source.md|2020-01-01|source|0", [X, Y]),
            ("both.md|2021-01-01|both|0", [[0.9f, 0.1f, 0, 0.2f], [0.1f, 0.9f, 0, 0.2f]]),
            ("one.md|2022-01-01|one|0", [X, Z]),
            ("none.md|2023-01-01|none|0", [W]));
        var hits = TopK.Best(DenseRanker.ScoreSimilar(corpus, corpus.ChunksOf(0), e => e.Id != 1), 3);
        Assert.Equal(["both", "one", "none"], hits.Select(h => corpus.Entries[h.Entry].Heading));
    }

    [Theory]
    [InlineData("2021-03-01,2021-03-02,2021-03-03,2021-03-10", 10, "0,1,3")]   // a third day of one week is left out
    [InlineData("2021-03-01,2021-03-02,2021-03-03,2021-03-10", 2, "0,1")]
    [InlineData("2021-03-07,2021-03-08,2021-03-09,2021-03-14", 10, "0,1,2")]   // Sunday and Monday are in two ISO weeks
    [InlineData("2020-12-31,2021-01-01,2021-01-03,2021-01-04", 10, "0,1,3")]   // ISO week 53 of 2020 spans the new year
    [InlineData(",,,", 10, "0,1,2,3")]                                          // undated notes are not limited
    public void Similar_days_keep_at_most_two_from_one_week(string dates, int top, string expected)
    {
        var corpus = Corpus(dates.Split(',').Select((d, i) => ($"{i}.md|{d}|h{i}|0", new[] { X })).ToArray());
        var ranked = Enumerable.Range(0, corpus.Entries.Count).Select(e => new EntryHit(e, e, 1f - e * 0.1f));
        Assert.Equal(expected, string.Join(",", SimilarDays.SpreadAcrossWeeks(corpus, ranked, top).Select(h => h.Entry)));
    }

    [Theory]
    [InlineData("0.5,0.9,0.1,0.7", 2, "1,3")]
    [InlineData("0.5,0.9,0.1,0.7", 10, "1,3,0,2")]
    [InlineData("0.5,0.5,0.5", 2, "0,1")]       // ties: the first seen ranks first
    [InlineData("0.3,0.5,0.5,0.4", 1, "1")]     // a tie with a full list's last stays out
    [InlineData("0.2,0.1,0.9,0.8,0.95,0.3", 2, "4,2")] // the list full, later hits still replace its last
    [InlineData("0.5", 0, "")]
    [InlineData("", 3, "")]
    public void Top_k_keeps_the_best_in_order(string scores, int k, string expected)
    {
        var hits = scores.Length == 0 ? [] : scores.Split(',').Select((s, i) => new EntryHit(i, i, float.Parse(s, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(expected, string.Join(",", TopK.Best(hits, k).Select(h => h.Entry)));
    }
}
