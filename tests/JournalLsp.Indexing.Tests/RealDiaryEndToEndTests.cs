using JournalLsp.Core.Text;

namespace JournalLsp.Indexing.Tests;

/// <summary>The engine on two real years of Samuel Pepys's diary (1661 and 1666), read from ../shared/corpora.</summary>
[Collection(nameof(PepysCollection))]
public class RealDiaryEndToEndTests(PepysFixture pepys)
{
    private static DateOnly D(string s) => DateOnly.Parse(s);

    [Fact]
    public void Both_years_are_indexed()
    {
        Assert.Equal(356 + 365, pepys.Summary.Entries);
        Assert.Empty(pepys.Summary.Skipped);
    }

    [Fact]
    public void Queries_during_indexing_are_answered_from_what_is_committed_so_far()
    {
        // Reports come after each commit of ~256 chunks: several mid-run for two years of the diary.
        Assert.True(pepys.DuringIndexing.Count >= 3, $"only {pepys.DuringIndexing.Count} mid-run reports");
        Assert.All(pepys.DuringIndexing, o =>
        {
            Assert.Equal(356 + 365, o.Total);
            Assert.InRange(o.Indexed, o.Done, o.Total - 1); // at least what was reported, never the whole journal yet
            Assert.Equal(10, o.Results);
        });
        Assert.Equal(pepys.DuringIndexing.Select(o => o.Indexed).Order(), pepys.DuringIndexing.Select(o => o.Indexed));
    }

    [Fact]
    public void On_this_day_and_entry_on_a_date()
    {
        var earlier = pepys.Engine.OnThisDay(new DateOnly(1666, 4, 23));
        Assert.Equal(D("1661-04-23"), Assert.Single(earlier).Date);
        Assert.Empty(pepys.Engine.OnThisDay(new DateOnly(1661, 4, 23))); // nothing before 1661 in this index
        var day = pepys.Engine.EntryOn(D("1666-09-02"));
        Assert.NotNull(day);
        Assert.StartsWith("(Lord’s day). Some of our maids sitting up late", day.Snippet);
        Assert.Null(pepys.Engine.EntryOn(D("1662-01-01")));
    }

    [Fact]
    public void Similar_days_are_the_same_from_the_loaded_vocabulary_as_from_counting_each_word()
    {
        // Two engines, so neither reuses the other's counts: one counts each word with a query, one reads the stems.
        using var counting = pepys.OpenEngine();
        using var loaded = pepys.OpenEngine();
        Assert.InRange(loaded.LoadVocabulary(), 5_000, 50_000);
        var days = Enumerable.Range(0, 12).Select(i => new DateOnly(1661, 1, 3).AddDays(i * 29)).Append(D("1666-09-02"));
        foreach (var day in days)
        {
            var query = new SimilarQuery(Date: day, Top: 8);
            Assert.Equal(
                counting.Similar(query).Select(r => (r.Date, r.Score, string.Join(",", r.Because?.Terms ?? []))),
                loaded.Similar(query).Select(r => (r.Date, r.Score, string.Join(",", r.Because?.Terms ?? []))));
        }
    }

    [Fact]
    public void The_great_fire_of_London_finds_a_day_of_the_fire()
    {
        var top = pepys.Engine.Ask("the great fire of London", new AskOptions(Top: 5));
        Assert.Contains(top, r => r.Date >= D("1666-09-02") && r.Date <= D("1666-09-07"));
    }

    [Fact]
    public void The_coronation_of_the_King_finds_coronation_day()
    {
        var top = pepys.Engine.Ask("watching the coronation of the King", new AskOptions(Top: 5));
        Assert.Contains(top, r => r.Date == D("1661-04-23"));
    }

    [Fact]
    public void A_year_in_the_question_returns_only_that_year()
    {
        var results = pepys.Engine.Ask("a quarrel with my wife in 1666", new AskOptions(Top: 20));
        Assert.Equal(20, results.Count);
        Assert.All(results, r => Assert.Equal(1666, r.Date!.Value.Year));
        Assert.Equal(20, pepys.Engine.Ask("a quarrel with my wife in 1661", new AskOptions(Top: 20)).Count(r => r.Date!.Value.Year == 1661));
    }

    [Fact]
    public void Similar_days_to_the_first_day_of_the_fire_are_days_of_the_fire()
    {
        // 1666-09-02 ± 3 days are left out, so the remaining days of the fire and its aftermath start on 09-06.
        var top = pepys.Engine.Similar(new SimilarQuery(Date: D("1666-09-02"), Top: 5));
        Assert.DoesNotContain(top, r => r.Date >= D("1666-08-30") && r.Date <= D("1666-09-05"));
        Assert.Contains(top, r => r.Date >= D("1666-09-06") && r.Date <= D("1666-09-30"));
    }

    [Theory]
    [InlineData("1666-09-02")]
    [InlineData("1661-04-23")]
    public void A_shorter_list_of_similar_days_keeps_the_order_of_a_longer_one(string day)
    {
        // A hover lists 3 days, the Related Days view 10: the shorter list is the longer one's days in the same order,
        // less unrelated days where related ones need the room (SimilarDays.KeepRelated).
        var ten = pepys.Engine.Similar(new SimilarQuery(Date: D(day), Top: 10)).ToList();
        foreach (var top in new[] { 1, 3, 5 })
        {
            var shorter = pepys.Engine.Similar(new SimilarQuery(Date: D(day), Top: top));
            var places = shorter.Select(r => ten.FindIndex(t => t.Date == r.Date)).ToList();
            Assert.DoesNotContain(-1, places);
            Assert.Equal(places.Order(), places);
            Assert.Equal(ten.Where(r => r.Related == true).Take(top).Select(r => r.Date), shorter.Where(r => r.Related == true).Select(r => r.Date));
        }
    }

    [Fact]
    public void Days_of_the_fire_are_related_to_each_other_and_an_unrelated_day_is_not()
    {
        var all = pepys.Engine.Similar(new SimilarQuery(Date: D("1666-09-02"), Top: 1000));
        var related = all.Where(r => r.Related == true).ToList();           // in the ranking's order among the rest
        Assert.Contains(related, r => r.Date >= D("1666-09-06") && r.Date <= D("1666-09-30"));
        Assert.InRange(related.Count, 1, 20);                             // a few of the ~720 candidates
        Assert.False(all.Single(r => r.Date == D("1661-04-23")).Related);  // the coronation
        Assert.Equal(Math.Min(related.Count, 10), pepys.Engine.RelatedCount(new SimilarQuery(Date: D("1666-09-02"))));
    }

    [Fact]
    public void An_answer_is_marked_related_only_when_the_diary_speaks_of_it()
    {
        Assert.All(pepys.Engine.Ask("kubernetes cluster upgrade failed with a certificate error"), r => Assert.False(r.Related));
        var fire = pepys.Engine.Ask("a great fire burning down the city");
        Assert.True(fire[0].Related);
        Assert.Contains(fire, r => r.Related == true && r.Date >= D("1666-09-02") && r.Date <= D("1666-09-07"));
        Assert.All(pepys.Engine.Ask("fire", new AskOptions(Ranking: Ranking.Bm25)), r => Assert.Null(r.Related)); // no dense evidence
    }

    [Fact]
    public void Similar_by_file_and_line_finds_the_entry_holding_the_line()
    {
        var byFile = pepys.Engine.Similar(new SimilarQuery(Path: "1666/1666-09-02.md", Line: 2, Top: 5));
        var byDate = pepys.Engine.Similar(new SimilarQuery(Date: D("1666-09-02"), Top: 5));
        Assert.Equal(byDate.Select(r => r.Date), byFile.Select(r => r.Date));
    }

    [Fact]
    public void A_selection_stands_for_its_entry_by_the_passages_it_touches()
    {
        // 1666-09-02 is one line of 9,813 characters in ~12 passages: only where their text lies tells them apart. The
        // first sentence's passage ends within ~1,000 characters, so every day's evidence on the source side lies there,
        // while the whole entry's evidence comes from all along the line.
        const int FirstPassageEnds = 1500;
        var line = File.ReadAllLines(Path.Combine(pepys.Journal, "1666/1666-09-02.md"))[2];
        var firstSentence = new TextSpan(2, 0, 2, line.IndexOf('.', 20) + 1);
        var selected = pepys.Engine.Similar(new SimilarQuery(Path: "1666/1666-09-02.md", Line: 2, Top: 10, Selection: firstSentence));
        var whole = pepys.Engine.Similar(new SimilarQuery(Path: "1666/1666-09-02.md", Line: 2, Top: 10));
        Assert.Equal(10, selected.Count);
        Assert.All(selected, r => Assert.InRange(r.Because!.Source.StartCharacter, 0, FirstPassageEnds));
        Assert.Contains(whole, r => r.Because!.Source.StartCharacter > FirstPassageEnds);
    }

    [Fact]
    public void A_selection_of_the_heading_asks_about_the_whole_entry()
    {
        var heading = new TextSpan(0, 0, 0, 12);
        var selected = pepys.Engine.Similar(new SimilarQuery(Date: D("1666-09-02"), Top: 10, Selection: heading));
        var whole = pepys.Engine.Similar(new SimilarQuery(Date: D("1666-09-02"), Top: 10));
        Assert.Equal(whole.Select(r => (r.Date, r.Score)), selected.Select(r => (r.Date, r.Score)));
    }

    [Fact]
    public void Results_point_at_the_passage_that_matched()
    {
        var hit = pepys.Engine.Ask("the plague", new AskOptions(Top: 1, From: D("1666-01-01"))).Single();
        var lines = File.ReadAllLines(Path.Combine(pepys.Journal, hit.Path));
        var passage = string.Join(" ", lines[hit.StartLine..(hit.EndLine + 1)]);
        Assert.Contains(hit.Snippet.TrimEnd('…')[..40], passage);
        Assert.InRange(hit.Score, 0.3, 1.0);
    }

    [Fact]
    public void A_confident_lexical_match_asked_in_other_words_stays_in_the_top_3()
    {
        // The buried wine and Parmesan of 1666-09-04, remembered with other words than the tuned question's.
        var top = pepys.Engine.Ask("I buried my wine and my cheese in a pit in the garden", new AskOptions(Top: 3));
        Assert.Contains(top, r => r.Date == D("1666-09-04"));
    }

    [Theory]
    [InlineData("I buried my wine and my cheese in a pit in the garden")]
    [InlineData("a day I felt truly alive")]
    [InlineData("the coronation procession through the city")]
    public void The_first_results_are_the_same_whatever_top_is_asked_for(string question)
    {
        var deep = pepys.Engine.Ask(question, new AskOptions(Top: 100));
        Assert.Equal(100, deep.Count);
        foreach (var top in new[] { 1, 3, 5, 10, 50 })
            Assert.Equal(deep.Take(top).Select(r => (r.Date, r.Score, r.Related)), pepys.Engine.Ask(question, new AskOptions(Top: top)).Select(r => (r.Date, r.Score, r.Related)));
    }

    [Theory]
    [InlineData("my phone battery died so I could not call anyone")]
    [InlineData("stuck in a traffic jam on the motorway for hours")]
    [InlineData("realised my passport had expired just before the trip")]
    public void Questions_about_what_the_diary_never_mentions_find_nothing_related(string question)
    {
        var results = pepys.Engine.Ask(question, new AskOptions(Top: 5));
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.False(r.Related));
    }
}
