namespace JournalLsp.Core.Chunking;

/// <summary>A passage of one entry, small enough for the embedding model.</summary>
/// <param name="Ordinal">0-based position of the chunk in its entry.</param>
/// <param name="Text">The passage as the chunker produced it (whitespace may be collapsed).</param>
/// <param name="StartLine">First file line of the passage, 0-based.</param>
/// <param name="EndLine">Last file line of the passage, 0-based and inclusive.</param>
/// <param name="TokenCount">Model tokens in <paramref name="Text"/>, without [CLS]/[SEP].</param>
public sealed record TextChunk(int Ordinal, string Text, int StartLine, int EndLine, int TokenCount);

/// <summary>How entries are cut into chunks. Every field is part of <see cref="Version"/>, which keys cached vectors.</summary>
/// <param name="MaxTokens">The model's sequence limit in tokens, including [CLS] and [SEP] (256 for all-MiniLM-L6-v2).</param>
/// <param name="TargetTokens">Chunks are packed up to this many tokens. all-MiniLM-L6-v2 was fine-tuned on 128-token pairs, so
/// passages of a few sentences embed best; 192 balances that against the overlap cost.</param>
/// <param name="OverlapTokens">Tokens repeated from the end of one chunk at the start of the next, so a thought cut in two
/// still appears whole in one chunk.</param>
public sealed record ChunkerOptions(int MaxTokens = 256, int TargetTokens = 192, int OverlapTokens = 16)
{
    /// <summary>Changes whenever chunk boundaries could change; a new version re-embeds everything.</summary>
    public string Version => $"sk-textchunker/v1/max{MaxTokens}/target{TargetTokens}/overlap{OverlapTokens}";
}
