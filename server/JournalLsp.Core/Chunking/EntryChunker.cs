using JournalLsp.Core.Journal;
using JournalLsp.Core.Text;
using Microsoft.SemanticKernel.Text;

namespace JournalLsp.Core.Chunking;

/// <summary>
/// Cuts an entry into token-bounded chunks on paragraph and sentence boundaries with a small overlap, using
/// Semantic Kernel's <see cref="TextChunker"/> with the embedding model's own tokenizer as the token counter.
/// An entry that fits is kept whole, however short. Each chunk is located back in the file to get its lines.
/// </summary>
public sealed class EntryChunker
{
    private readonly TextChunker.TokenCounter _countTokens;
    private readonly ChunkerOptions _options;

    /// <param name="countTokens">Counts model tokens in a text, without special tokens.</param>
    /// <param name="options">Chunk sizes; <see cref="ChunkerOptions.TargetTokens"/> must leave room for [CLS] and [SEP].</param>
    /// <exception cref="ArgumentException">When the target does not fit the model limit.</exception>
    public EntryChunker(Func<string, int> countTokens, ChunkerOptions options)
    {
        if (options.TargetTokens + 2 > options.MaxTokens || options.OverlapTokens >= options.TargetTokens)
            throw new ArgumentException($"chunk target {options.TargetTokens} (+2 special tokens) must fit the model limit {options.MaxTokens} and exceed the overlap {options.OverlapTokens}");
        _countTokens = new TextChunker.TokenCounter(countTokens);
        _options = options;
    }

    /// <summary>The options this chunker cuts with.</summary>
    public ChunkerOptions Options => _options;

    /// <summary>Splits <paramref name="entry"/>'s body into chunks, in order.</summary>
    public IReadOnlyList<TextChunk> Chunk(JournalEntry entry)
    {
        var body = entry.Body;
        var locator = new PassageLocator(body, entry.BodyStartLine);
        var whole = _countTokens(body);
        if (whole <= _options.TargetTokens)
            return [new TextChunk(0, body, entry.BodyStartLine, entry.EndLine, whole)];

        // Per-line budget: a long single-line paragraph (common in diaries) is first cut at sentence ends.
        var lines = TextChunker.SplitPlainTextLines(body, _options.TargetTokens / 2, _countTokens);
        var paragraphs = TextChunker.SplitPlainTextParagraphs(lines, _options.TargetTokens, _options.OverlapTokens, null, _countTokens);

        var chunks = new List<TextChunk>(paragraphs.Count);
        foreach (var paragraph in paragraphs)
        {
            foreach (var piece in EnforceLimit(paragraph))
            {
                var (startLine, endLine) = locator.Locate(piece) ?? (entry.BodyStartLine, entry.EndLine);
                chunks.Add(new TextChunk(chunks.Count, piece, startLine, endLine, _countTokens(piece)));
            }
        }
        return chunks;
    }

    // TextChunker's budget is approximate (it joins pieces with separators it does not count), so a chunk that would
    // still be truncated by the model is halved on a word boundary; truncation would silently drop text.
    private IEnumerable<string> EnforceLimit(string text)
    {
        if (_countTokens(text) + 2 <= _options.MaxTokens) { yield return text; yield break; }
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) { yield return text; yield break; }
        var half = words.Length / 2;
        foreach (var part in EnforceLimit(string.Join(' ', words[..half]))) yield return part;
        foreach (var part in EnforceLimit(string.Join(' ', words[half..]))) yield return part;
    }

    /// <summary>
    /// Finds chunk text in the entry body ignoring whitespace, moving forward through the body, and maps
    /// the match back to file lines.
    /// </summary>
    private sealed class PassageLocator
    {
        private readonly string _normalized;
        private readonly int[] _toOriginal;
        private readonly int[] _lineStarts;
        private readonly int _firstLine;
        private int _cursor;

        public PassageLocator(string body, int firstLine)
        {
            _firstLine = firstLine;
            (_normalized, _toOriginal) = Whitespace.Without(body);
            _lineStarts = LineIndex.Starts(body);
        }

        public (int Start, int End)? Locate(string passage)
        {
            var needle = Whitespace.Strip(passage);
            if (needle.Length == 0) return null;
            var at = _normalized.IndexOf(needle, _cursor, StringComparison.Ordinal);
            if (at < 0) at = _normalized.IndexOf(needle, StringComparison.Ordinal);
            if (at < 0) return null;
            _cursor = at + 1;
            return (LineOf(_toOriginal[at]), LineOf(_toOriginal[at + needle.Length - 1]));
        }

        private int LineOf(int offset) => _firstLine + LineIndex.LineOf(_lineStarts, offset);
    }
}
