using JournalLsp.Core.Search;

namespace JournalLsp.Indexing;

/// <summary>What <see cref="JournalEngine.Timeline"/> found.</summary>
/// <param name="Bins">Every month or week from the first kept entry to the last, in date order.</param>
/// <param name="Range">The days kept (the question's date phrase and the caller's bounds), or null for all.</param>
/// <param name="Matched">The words matched (the question without its date phrase), or null when only entries were counted.</param>
public sealed record JournalTimeline(IReadOnlyList<TimelineBin> Bins, DateRange? Range, string? Matched);
