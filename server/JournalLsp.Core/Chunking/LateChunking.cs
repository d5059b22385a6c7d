namespace JournalLsp.Core.Chunking;

/// <summary>Where a part (a sentence window) lies in one of its entry's passages, in model tokens.</summary>
/// <param name="Passage">Index of the passage that holds most of the part.</param>
/// <param name="Start">First token of the part in that passage, 0-based, without [CLS].</param>
/// <param name="Length">Tokens of the part found there (all of it, or the side that overlaps the passage).</param>
public readonly record struct TokenSpan(int Passage, int Start, int Length);

/// <summary>
/// Late chunking (Günther et al. 2024, "Late Chunking: Contextual Chunk Embeddings Using Long-Context Embedding
/// Models", arXiv:2409.04701): a sentence window's vector is pooled from the token states of the passage it lies in,
/// so windows cost no model run of their own. This finds each window's tokens in its entry's passages. Both come from
/// the same entry text cut two ways, and WordPiece tokenises word by word, so a window's ids are a run of a passage's
/// ids, or, for a window cut across two passages, a prefix or suffix overlapping one of them.
/// </summary>
public static class LateChunking
{
    /// <summary>
    /// The passage span that covers most of <paramref name="part"/>'s tokens (ties: the earlier passage), or null when
    /// no passage covers at least half of them (the caller embeds that part on its own). Token ids exclude [CLS] and
    /// [SEP]. O(passages x passage length x part length); windows are 64 tokens and passages 192.
    /// </summary>
    public static TokenSpan? Locate<T>(IReadOnlyList<ReadOnlyMemory<T>> passages, ReadOnlySpan<T> part) where T : IEquatable<T>
    {
        if (part.IsEmpty) return null;
        TokenSpan? best = null;
        for (var p = 0; p < passages.Count; p++)
        {
            var ids = passages[p].Span;
            var inside = ids.IndexOf(part);
            if (inside >= 0) return new TokenSpan(p, inside, part.Length); // the whole part: nothing covers more

            // The part's head at the passage's end, or its tail at the passage's start: the longest such overlap.
            for (var k = Math.Min(part.Length - 1, ids.Length); k > (best?.Length ?? 0); k--)
            {
                if (ids[^k..].SequenceEqual(part[..k])) { best = new TokenSpan(p, ids.Length - k, k); break; }
                if (ids[..k].SequenceEqual(part[^k..])) { best = new TokenSpan(p, 0, k); break; }
            }
        }
        return best is { } span && span.Length * 2 >= part.Length ? span : null;
    }
}
