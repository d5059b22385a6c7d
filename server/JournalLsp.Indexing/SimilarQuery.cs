using JournalLsp.Core.Search;
using JournalLsp.Core.Text;

namespace JournalLsp.Indexing;

/// <summary>
/// Which entry <see cref="JournalEngine.Similar"/> starts from: by key (hover and code lens know the entry), or a
/// file (and a line in it), or a date; the first that is given counts.
/// </summary>
/// <param name="Date">The entry's day.</param>
/// <param name="Path">A file, absolute or relative to the journal folder.</param>
/// <param name="Line">A 0-based line in <paramref name="Path"/>; the entry holding it is used. Null for the file's first entry.</param>
/// <param name="Top">How many entries to return.</param>
/// <param name="NeighbourDays">Entries within this many days of the source are left out (they read alike trivially).</param>
/// <param name="ForgottenWeight">
/// How strongly to prefer entries not opened for a long time, 0 (off) to 1: a score loses
/// weight × 2^(−days since the entry was last opened / 30). Cosine gaps between neighbours in a list are ~0.01-0.05,
/// so 0.1 moves an entry opened today well down while one untouched for a year loses nothing noticeable.
/// </param>
/// <param name="Entry">The entry by its stable key.</param>
/// <param name="Selection">
/// A selection in the entry's file: only the entry's passages it touches, located in the file as the evidence locates
/// them, count as the source (<see cref="EntrySelection.Touched"/>). Null for the whole entry.
/// </param>
/// <param name="Ranking">
/// Hybrid (the default: dense fused with BM25 "more like this", <see cref="SimilarDays.Rank"/>), dense alone, or BM25
/// alone (its "more like this" order, the related days still first); RRF ranks as hybrid. Which days are related does
/// not depend on it.
/// </param>
public sealed record SimilarQuery(
    DateOnly? Date = null, string? Path = null, int? Line = null, int Top = 10, int NeighbourDays = 3, double ForgottenWeight = 0,
    EntryKey? Entry = null, Ranking Ranking = Ranking.Hybrid, TextSpan? Selection = null);
