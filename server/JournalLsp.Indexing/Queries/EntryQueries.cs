using JournalLsp.Core.Search;

namespace JournalLsp.Indexing;

/// <summary>Entries by date over one <see cref="JournalSnapshot"/>: on this day in earlier years, the entry of a day.</summary>
public static class EntryQueries
{
    /// <summary>Entries from earlier years on the same month and day as <paramref name="date"/>, newest first (<see cref="EntrySelection.OnThisDay"/>).</summary>
    public static IReadOnlyList<SearchResult> OnThisDay(JournalSnapshot snapshot, DateOnly date, int top = 10) =>
        snapshot.Results(EntrySelection.OnThisDay(snapshot.Corpus, date, top));

    /// <summary>The first entry on <paramref name="date"/> with the start of its text (up to 400 characters), or null.</summary>
    public static SearchResult? EntryOn(JournalSnapshot snapshot, DateOnly date) =>
        EntrySelection.FirstOn(snapshot.Corpus, date) is { } hit ? snapshot.Results([hit], snippetChars: 400)[0] : null;

    /// <summary>
    /// Makes the first request after a start quick: ranks the similar days of the snapshot's first entry once and reads
    /// their texts (SQLite's full-text and text reads, the ranking loops JIT-compiled); returns the entries loaded.
    /// Never writes.
    /// </summary>
    public static int Warm(JournalSnapshot snapshot)
    {
        var corpus = snapshot.Corpus;
        if (corpus.Entries.Count > 0 && corpus.ChunksOf(0).Count > 0)
            _ = snapshot.Results(SimilarDaysQuery.Rank(snapshot, new SimilarQuery(Entry: EntryKey.Of(corpus.Entries[0]), Top: 3), lexical: true).Hits);
        return corpus.Entries.Count;
    }
}
