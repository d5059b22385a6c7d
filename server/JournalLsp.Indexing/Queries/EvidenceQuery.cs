using JournalLsp.Core.Search;
using JournalLsp.Core.Text;

namespace JournalLsp.Indexing;

/// <summary>
/// The evidence of a list of similar days (<see cref="SimilarEvidence"/>): per day the passage pair that stands out, the
/// sentence windows inside it that match best, their shared rare words, and where both lie in their files. One text
/// query for every passage and window, one frequency lookup, each file read once.
/// </summary>
internal static class EvidenceQuery
{
    /// <summary>The evidence of each of <paramref name="hits"/>, in order (candidates of <paramref name="matches"/>).</summary>
    public static IReadOnlyList<PassageEvidence> For(JournalSnapshot snapshot, PassageMatches matches, IReadOnlyList<EntryHit> hits)
    {
        if (hits.Count == 0) return [];
        var corpus = snapshot.Corpus;
        var source = corpus.Chunks[matches.SourceChunks[0]].Entry;
        var pairs = hits.Select(h => SimilarEvidence.PassagePair(matches, h.Entry)).ToList();
        var (chunks, windows) = snapshot.Texts(
            [.. pairs.SelectMany(p => new[] { p.Source, p.Related })],
            [.. corpus.WindowsOf(source).Concat(hits.SelectMany(h => corpus.WindowsOf(h.Entry)))]);
        // The windows of an entry that lie inside one of its passages (a one-line diary entry's windows and passages
        // share their lines, so only the text tells).
        IReadOnlyList<int> Inside(int chunk) => chunks.TryGetValue(chunk, out var text)
            ? [.. corpus.WindowsOf(corpus.Chunks[chunk].Entry).Where(w => windows.TryGetValue(w, out var t) && SimilarEvidence.Locate(text, t) is not null)]
            : [];
        var narrowed = pairs.Select(p => (Pair: p, Windows: SimilarEvidence.WindowPair(corpus, Inside(p.Source), Inside(p.Related)))).ToList();
        string TextOf(int chunk, int window) => window >= 0 ? windows[window] : chunks.GetValueOrDefault(chunk, "");
        var texts = narrowed.Select(n => (Source: TextOf(n.Pair.Source, n.Windows.Source), Related: TextOf(n.Pair.Related, n.Windows.Related))).ToList();
        var frequencies = snapshot.Frequencies(LexicalRanker.Candidates(chunks.Values));
        var files = new Dictionary<string, string?>(StringComparer.Ordinal);
        return [.. narrowed.Select((n, i) =>
        {
            var terms = SimilarEvidence.SharedTerms(texts[i].Source, texts[i].Related, frequencies, corpus.Chunks.Count);
            // Two sentences may share no telling word where their passages do.
            if (terms.Count == 0)
                terms = SimilarEvidence.SharedTerms(chunks.GetValueOrDefault(n.Pair.Source, ""), chunks.GetValueOrDefault(n.Pair.Related, ""), frequencies, corpus.Chunks.Count);
            return new PassageEvidence(
                Where(snapshot, files, n.Windows.Source >= 0 ? corpus.Windows[n.Windows.Source] : corpus.Chunks[n.Pair.Source], texts[i].Source),
                Where(snapshot, files, n.Windows.Related >= 0 ? corpus.Windows[n.Windows.Related] : corpus.Chunks[n.Pair.Related], texts[i].Related),
                terms);
        })];
    }

    // Where a passage's text lies in its file, searched from its first line; its whole lines when the file cannot be
    // read or no longer holds it (edited since it was indexed).
    private static Passage Where(JournalSnapshot snapshot, Dictionary<string, string?> files, ChunkInfo rows, string text)
    {
        var path = snapshot.Corpus.Entries[rows.Entry].Path;
        if (!files.TryGetValue(path, out var file))
            files[path] = file = Read(Path.Combine(snapshot.JournalFolder, path));
        if (file is not null && SimilarEvidence.Locate(file, text, LineIndex.OffsetOf(file, rows.StartLine, 0)) is var (start, end))
        {
            var starts = LineIndex.Starts(file);
            int startLine = LineIndex.LineOf(starts, start), endLine = LineIndex.LineOf(starts, end);
            return new Passage(path, startLine, start - starts[startLine], endLine, end - starts[endLine], text);
        }
        return new Passage(path, rows.StartLine, 0, rows.EndLine + 1, 0, text);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
