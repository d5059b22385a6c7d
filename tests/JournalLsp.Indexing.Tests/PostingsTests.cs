using JournalLsp.Core.Search;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// "More like this" scored from the postings in memory (<see cref="Bm25Postings"/>) against FTS5's own bm25() on
/// real diary days, and the postings' lifetime: one generation of the index.
/// </summary>
[Collection(nameof(PepysCollection))]
public class PostingsTests(PepysFixture pepys)
{
    [Fact]
    public void Every_tenth_day_of_two_years_gets_fts5s_list_from_the_postings_in_memory()
    {
        using var engine = pepys.OpenEngine();
        Assert.False(engine.Snapshot().MoreLikeThisInMemory); // nothing read yet: FTS5 answers
        engine.LoadPostings();
        var snapshot = engine.Snapshot();
        Assert.True(snapshot.MoreLikeThisInMemory);
        var compared = 0;
        for (var entry = 0; entry < snapshot.Corpus.Entries.Count; entry += 10)
        {
            if (snapshot.MoreLikeThis(snapshot.Corpus.ChunksOf(entry)) is not { } words) continue;
            // The same chunks in the same order with the same float scores, the 160 a hover's ranking reads.
            Assert.Equal(snapshot.Bm25(LexicalRanker.Match(words), 160), snapshot.MoreLikeThisBm25(words, 160));
            compared++;
        }
        Assert.InRange(compared, 70, 73);
    }

    [Fact]
    public void The_postings_score_every_tenth_days_words_as_fts5s_bm25_does_row_for_row()
    {
        // The store's postings themselves (no fallback to FTS5 can hide here): each day's "more like this" words,
        // stemmed, against FTS5's own query, the same rows in the same order with the same float scores.
        var snapshot = pepys.Engine.Snapshot();
        using var store = Storage.IndexReadStore.Open(pepys.Engine.IndexPath);
        var (vocabulary, postings) = store.VocabularyAndPostings(rows => LexicalRanker.MoreLikeThisMaxDocuments((int)rows));
        Assert.NotNull(postings);
        Assert.Equal(snapshot.Corpus.Chunks.Count, postings.RowCount);
        Assert.InRange(postings.Stems, vocabulary.Count * 9 / 10, vocabulary.Count); // all but the common stems
        var compared = 0;
        for (var entry = 0; entry < snapshot.Corpus.Entries.Count; entry += 10)
        {
            if (snapshot.MoreLikeThis(snapshot.Corpus.ChunksOf(entry)) is not { } words || !words.All(Core.Text.PorterStemmer.CanStem)) continue;
            var scored = postings.Score([.. words.Select(Core.Text.PorterStemmer.Stem)], 160);
            Assert.NotNull(scored);
            Assert.Equal(store.Bm25(LexicalRanker.Match(words), 160), scored);
            compared++;
        }
        Assert.InRange(compared, 65, 73);
    }

    [Fact]
    public void Postings_read_before_a_commit_are_not_used_after_it_and_are_read_again_once_the_index_is_quiet()
    {
        using var folder = new TempFolder();
        var days = Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1663")).Order().ToList();
        foreach (var day in days.Take(10)) folder.Write(Path.GetFileName(day), File.ReadAllText(day));
        using var engine = folder.OpenEngine();
        engine.Index();
        engine.LoadVocabulary(); // as after a run in the server: the postings follow once the index is quiet
        Assert.False(engine.Snapshot().MoreLikeThisInMemory);
        WaitForPostings(engine);

        var added = folder.Write(Path.GetFileName(days[40]), File.ReadAllText(days[40]));
        engine.Index();
        var after = engine.Snapshot();
        Assert.False(after.MoreLikeThisInMemory); // they know nothing of the new day
        var first = DateOnly.Parse(Path.GetFileNameWithoutExtension(days[0]));
        Assert.NotEmpty(engine.Similar(new SimilarQuery(Date: first, Top: 5))); // from FTS5, and it asks for them again

        WaitForPostings(engine);
        var snapshot = engine.Snapshot();
        var newDay = snapshot.Corpus.Entries.ToList().FindIndex(e => e.Path == Path.GetFileName(added));
        var words = snapshot.MoreLikeThis(snapshot.Corpus.ChunksOf(newDay))!;
        Assert.Equal(snapshot.Bm25(LexicalRanker.Match(words), 40), snapshot.MoreLikeThisBm25(words, 40));
    }

    // The postings are read 2 s after the last commit (IndexReader.PostingsQuiet); 30 s only keeps a hang from waiting forever.
    private static void WaitForPostings(JournalEngine engine)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!engine.Snapshot().MoreLikeThisInMemory && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.True(engine.Snapshot().MoreLikeThisInMemory, "the postings were not read within 30 s");
    }
}
