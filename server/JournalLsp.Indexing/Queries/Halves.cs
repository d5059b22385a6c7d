namespace JournalLsp.Indexing;

/// <summary>Runs a query's BM25 half (SQLite) on another core while the caller's thread runs its dense half.</summary>
internal static class Halves
{
    /// <summary>
    /// Runs <paramref name="lexical"/> on the thread pool and <paramref name="rank"/> here, handing it the lexical
    /// half's getter (null without one): the caller waits for the longer half, not their sum. The lexical half is never
    /// left running once the caller has its answer; its fault, if any, reaches the caller through the getter; if
    /// <paramref name="rank"/> threw first, that is the error reported.
    /// </summary>
    public static T Beside<TLexical, T>(Func<TLexical>? lexical, Func<Func<TLexical>?, T> rank)
    {
        var bm25 = lexical is null ? null : Task.Run(lexical);
        try
        {
            return rank(bm25 is null ? null : () => bm25.GetAwaiter().GetResult());
        }
        finally
        {
            try
            {
                bm25?.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }
}
