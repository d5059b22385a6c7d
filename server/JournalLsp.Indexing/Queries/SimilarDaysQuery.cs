using JournalLsp.Core.Search;
using JournalLsp.Core.Text;

namespace JournalLsp.Indexing;

/// <summary>
/// Similar days over one <see cref="JournalSnapshot"/>: the entry a query names, its BM25 "more like this" list read
/// beside its dense scores, and <see cref="SimilarDays.Rank"/> over both as data.
/// </summary>
public static class SimilarDaysQuery
{
    /// <summary>
    /// The entries that read most like the one <paramref name="query"/> names, best first, leaving out the entry itself
    /// and the days within <see cref="SimilarQuery.NeighbourDays"/> of it (<see cref="SimilarDays.Rank"/>), in the
    /// ranking's order: the related ones (<see cref="Relatedness"/>, every one up to <see cref="SimilarQuery.Top"/>) with
    /// <see cref="SearchResult.Related"/> true, the rest marked false; the days the entry already links to come last, marked <see cref="SearchResult.Linked"/>. With <see cref="SimilarQuery.ForgottenWeight"/> above 0, entries opened recently in an editor
    /// drop down their part of the list. With a <see cref="SimilarQuery.Selection"/>, the entry's passages it touches
    /// stand for the entry (dense, BM25 "more like this" and evidence alike).
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches, or it has no indexed text yet.</exception>
    public static IReadOnlyList<SearchResult> Similar(JournalSnapshot snapshot, SimilarQuery query)
    {
        var (ordered, matches, sourceTexts, files) = Listed(snapshot, query, lexical: query.Ranking != Ranking.Dense);
        var hits = ordered.Select(x => x.Hit).ToList();
        var because = EvidenceQuery.For(snapshot, matches, hits, sourceTexts, files);
        return snapshot.Results(hits).Select((r, i) => r with { Related = ordered[i].Related, Linked = ordered[i].Linked, Because = because[i] }).ToList();
    }

    /// <summary>
    /// How many related days <see cref="Similar"/> would list for <paramref name="query"/> (up to its
    /// <see cref="SimilarQuery.Top"/>), not counting the days the entry already links to: one dense ranking (the count does not depend on the
    /// fusion), a few ms on 10⁴ chunks, kept in the snapshot's memo until the index changes (an editor asks for the
    /// lenses of a file after every pause in typing). For code lenses.
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches, or it has no indexed text yet.</exception>
    public static int RelatedCount(JournalSnapshot snapshot, SimilarQuery query) =>
        snapshot.Memo(("related count", query), s =>
        {
            var (days, _, _, _) = Listed(s, query, lexical: false);
            return days.Count(x => x.Related && !x.Linked);
        });

    // The list: up to Top days the source entry does not link to (EntryLinks, read from its text), ranked from a list
    // widened by the number of its links so that linked days take no one's place, then the linked days of that list;
    // with the source's passage texts and the files read to place a selection, which the evidence reads too.
    private static (IReadOnlyList<(EntryHit Hit, bool Related, bool Linked)> Days, PassageMatches Matches, Dictionary<int, string> SourceTexts,
        FileReads Files) Listed(
        JournalSnapshot snapshot, SimilarQuery query, bool lexical)
    {
        var corpus = snapshot.Corpus;
        var source = Find(snapshot, query);
        var (texts, _) = snapshot.Texts(corpus.ChunksOf(source).ToList(), []);
        var links = EntryLinks.In(string.Join("\n", texts.Values), corpus.Entries[source].Path);
        var files = new FileReads();
        var passages = SourcePassages(snapshot, source, query.Selection, texts, files);
        var (days, matches) = Ranked(snapshot, source, passages, texts, query with { Top = query.Top + links.Days.Count + links.Paths.Count }, lexical);
        var ordered = EntryLinks.LinkedLast(days.Hits, days.IsRelated, e => EntryLinks.Holds(links, corpus.Entries[e]));
        return ([.. SimilarDays.KeepRelated([.. ordered.Where(x => !x.Linked)], x => x.Related, query.Top), .. ordered.Where(x => x.Linked)], matches, texts, files);
    }

    /// <summary>
    /// The ranking behind <see cref="Similar"/>, hits by index into the snapshot's corpus; with <paramref name="lexical"/>
    /// the BM25 "more like this" list (from postings in memory, or SQLite's FTS5 when they are behind) is read on another core beside the dense scores.
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches, or it has no indexed text yet.</exception>
    public static SimilarDayList Rank(JournalSnapshot snapshot, SimilarQuery query, bool lexical)
    {
        var source = Find(snapshot, query);
        return Ranked(snapshot, source, SourcePassages(snapshot, source, query.Selection, null, new FileReads()), null, query, lexical).Days;
    }

    // The source's passages (chunk indexes) that stand for it: all of them, or those a selection touches, located in
    // the file as the evidence locates them (whole lines where the file no longer holds a passage's text).
    private static IReadOnlyList<int> SourcePassages(JournalSnapshot snapshot, int source, TextSpan? selection, IReadOnlyDictionary<int, string>? texts,
        FileReads files)
    {
        var chunks = snapshot.Corpus.ChunksOf(source);
        if (selection is not { } selected || chunks.Count < 2) return chunks;
        texts ??= snapshot.Texts([.. chunks], []).Item1;
        var spans = chunks.Select(c => EvidenceQuery.Where(snapshot, files, snapshot.Corpus.Chunks[c], texts.GetValueOrDefault(c, "")))
            .Select(p => new TextSpan(p.StartLine, p.StartCharacter, p.EndLine, p.EndCharacter)).ToList();
        return [.. EntrySelection.Touched(spans, selected).Select(i => chunks[i])];
    }

    // The ranking and the passage matches it was made from (what the evidence names), from the source's passages (and
    // their texts where the caller read them).
    private static (SimilarDayList Days, PassageMatches Matches) Ranked(JournalSnapshot snapshot, int source, IReadOnlyList<int> passages,
        IReadOnlyDictionary<int, string>? texts, SimilarQuery query, bool lexical)
    {
        var corpus = snapshot.Corpus;
        if (passages.Count == 0) throw new JournalException("that entry has no indexed text yet");
        var pool = SimilarDays.PoolSize(query.Top);
        IReadOnlyList<EntryHit> MoreLikeThis() => snapshot.MoreLikeThis(passages, texts) is { } words
            ? LexicalRanker.Rank(corpus, snapshot.MoreLikeThisBm25(words, pool * Questions.Bm25ChunksPerEntry), pool)
            : [];
        return Halves.Beside<IReadOnlyList<EntryHit>, (SimilarDayList, PassageMatches)>(lexical ? MoreLikeThis : null, bm25 =>
        {
            var matches = SimilarDays.Match(corpus, source, query.NeighbourDays, passages);
            var dense = SimilarDays.DenseScores(corpus, matches);
            return (SimilarDays.Rank(corpus, source, query.Top, query.NeighbourDays, query.ForgottenWeight,
                snapshot.LastSeen, snapshot.Now, bm25?.Invoke(), dense,
                query.Ranking == Ranking.Bm25 ? 0 : SimilarDays.HybridDenseWeight,
                query.Ranking == Ranking.Bm25 ? 0 : SimilarDays.StoryWeight), matches);
        });
    }

    // The entry a similar-days query names, by key, by file (and line) or by day; the errors are for the person asking.
    private static int Find(JournalSnapshot snapshot, SimilarQuery query)
    {
        var corpus = snapshot.Corpus;
        // By key first (where the editor has the entry, so an edit above it does not matter); when the index does not
        // know that key yet (a heading being typed), the entry of the file holding the line, as the index has it.
        if (query.Entry is { } key && EntrySelection.Find(corpus, key, query.Line) is { } found) return found;
        if (query.Path is { } path)
        {
            var relative = JournalFiles.RelativePath(snapshot.JournalFolder, path)
                ?? throw new JournalException($"'{path}' is not in the journal folder {snapshot.JournalFolder}");
            return EntrySelection.FindInFile(corpus, relative, query.Line)
                ?? throw new JournalException($"'{relative}' has no indexed entries (is it in {snapshot.JournalFolder}?)");
        }
        if (query.Date is { } date)
            return EntrySelection.FindOn(corpus, date) ?? throw new JournalException($"no entry for {date:yyyy-MM-dd} in the index");
        if (query.Entry is { } unknown) throw new JournalException($"{unknown.Path} ({unknown.Name}) is not indexed yet");
        throw new JournalException("give a date or a file to find similar days");
    }
}
