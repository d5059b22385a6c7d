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
    /// <summary>
    /// The evidence of each of <paramref name="hits"/>, in order (candidates of <paramref name="matches"/>);
    /// <paramref name="sourceTexts"/> are the source's passage texts the caller already read, by chunk index, and
    /// <paramref name="files"/> the files it read (more are added).
    /// </summary>
    public static IReadOnlyList<PassageEvidence> For(JournalSnapshot snapshot, PassageMatches matches, IReadOnlyList<EntryHit> hits,
        IReadOnlyDictionary<int, string> sourceTexts, FileReads files)
    {
        if (hits.Count == 0) return [];
        var corpus = snapshot.Corpus;
        var source = corpus.Chunks[matches.SourceChunks[0]].Entry;
        var pairs = hits.Select(h => SimilarEvidence.PassagePair(matches, h.Entry)).ToList();
        var (chunks, windows) = snapshot.Texts(
            [.. pairs.Select(p => p.Related)],
            [.. corpus.WindowsOf(source).Concat(hits.SelectMany(h => corpus.WindowsOf(h.Entry)))]);
        foreach (var (chunk, text) in sourceTexts) chunks[chunk] = text;
        // The windows of an entry that lie inside one of its passages (a one-line diary entry's windows and passages
        // share their lines, so only the text tells); none for an entry short enough to be one window. Once per passage
        // (the source's passages recur from hit to hit), each window stripped of whitespace once.
        var inside = new Dictionary<int, IReadOnlyList<int>>();
        var stripped = new Dictionary<int, string>();
        string Stripped(int window) =>
            stripped.TryGetValue(window, out var text) ? text : stripped[window] = Whitespace.Strip(windows[window]);
        IReadOnlyList<int> Inside(int chunk)
        {
            if (inside.TryGetValue(chunk, out var found)) return found;
            return inside[chunk] = chunks.TryGetValue(chunk, out var text)
                ? SimilarEvidence.InsideStripped(text,
                    corpus.WindowsOf(corpus.Chunks[chunk].Entry).Where(windows.ContainsKey).Select(w => (w, Stripped(w))))
                : [];
        }
        var narrowed = pairs.Select(p => (Pair: p, Windows: SimilarEvidence.WindowPair(corpus, p, Inside(p.Source), Inside(p.Related)))).ToList();
        string TextOf(int chunk, int window) => window >= 0 ? windows[window] : chunks.GetValueOrDefault(chunk, "");
        var texts = narrowed
            .Select(n => (Source: TextOf(n.Pair.Source, n.Windows.Source), Related: TextOf(n.Pair.Related, n.Windows.Related))).ToList();
        // The counts of the words the shared words are chosen from (SharedTerms looks up its source side's words only). A
        // window's words are its passage's, which was counted before instead: the lists were the same on 1,138 diary days.
        var frequencies = snapshot.Frequencies(LexicalRanker.Candidates(texts.Select(t => t.Source)));
        return [.. narrowed.Select((n, i) =>
        {
            var (sourceText, relatedText) = texts[i];
            return new PassageEvidence(
                Where(snapshot, files, n.Windows.Source >= 0 ? corpus.Windows[n.Windows.Source] : corpus.Chunks[n.Pair.Source], sourceText),
                Where(snapshot, files, n.Windows.Related >= 0 ? corpus.Windows[n.Windows.Related] : corpus.Chunks[n.Pair.Related], relatedText),
                SimilarEvidence.SharedTerms(sourceText, relatedText, frequencies, corpus.Chunks.Count));
        })];
    }

    // Where a passage's text lies in its file, searched within its entry's lines only (a diary repeats its routine
    // sentences from day to day); its whole lines when the file cannot be read or the entry there no longer holds it
    // (edited since, or open with unsaved changes: the index then has the editor's lines, which the fallback keeps).
    internal static Passage Where(JournalSnapshot snapshot, FileReads files, ChunkInfo rows, string text)
    {
        var entry = snapshot.Corpus.Entries[rows.Entry];
        if (!files.TryGetValue(entry.Path, out var file))
            files[entry.Path] = file = Read(Path.Combine(snapshot.JournalFolder, entry.Path)) is { } read ? (read, LineIndex.Starts(read)) : null;
        if (file is var (content, starts) && entry.StartLine < starts.Length)
        {
            var from = starts[entry.StartLine];
            var to = entry.EndLine + 1 < starts.Length ? starts[entry.EndLine + 1] : content.Length;
            if (!files.EntriesWithoutWhitespace.TryGetValue(rows.Entry, out var lines))
                files.EntriesWithoutWhitespace[rows.Entry] = lines = Whitespace.Without(content[from..to]);
            if (SimilarEvidence.Locate(lines, text) is var (start, end))
            {
                int startLine = LineIndex.LineOf(starts, from + start), endLine = LineIndex.LineOf(starts, from + end);
                return new Passage(entry.Path, startLine, from + start - starts[startLine], endLine, from + end - starts[endLine], text);
            }
        }
        return new Passage(entry.Path, rows.StartLine, 0, rows.EndLine + 1, 0, text);
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

/// <summary>
/// The journal files one query read, by journal-relative path, each read once: its text and line starts, or null where
/// it could not be read; and the entries' lines in them without whitespace, by entry index, each stripped once (a
/// similar-days list locates the source's passages in the same entry once per day listed).
/// </summary>
internal sealed class FileReads() : Dictionary<string, (string Text, int[] Starts)?>(StringComparer.Ordinal)
{
    /// <summary>
    /// An entry's lines in its file (as read here) without whitespace, with their offsets (<see cref="Whitespace.Without"/>),
    /// by entry index.
    /// </summary>
    public Dictionary<int, (string Text, int[] Map)> EntriesWithoutWhitespace { get; } = [];
}
