namespace JournalLsp.Indexing;

/// <summary>A request the engine cannot answer, with a message for the person who asked.</summary>
public sealed class JournalException(string message) : Exception(message);
