namespace JournalLsp.Indexing;

/// <summary>Options for <see cref="JournalEngine.Ask"/>.</summary>
/// <param name="Top">How many entries to return.</param>
/// <param name="From">Earliest day, combined with any date phrase in the question.</param>
/// <param name="To">Latest day, combined with any date phrase in the question.</param>
public sealed record AskOptions(int Top = 10, DateOnly? From = null, DateOnly? To = null);
