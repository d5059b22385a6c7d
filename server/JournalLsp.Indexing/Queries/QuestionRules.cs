namespace JournalLsp.Indexing;

/// <summary>What makes a question one the engine takes: the rules every adapter (the CLI, the server) relies on.</summary>
public static class QuestionRules
{
    /// <summary>
    /// The longest question taken (characters): the model reads 256 tokens (about 1,000 characters of English) and BM25
    /// gains nothing from more words, while a 50 MB question would cost an OR query of every word.
    /// </summary>
    public const int MaxChars = 2000;

    /// <summary>
    /// Refuses a question longer than <see cref="MaxChars"/>, and, when <paramref name="needsWords"/>, an empty one with
    /// neither <paramref name="from"/> nor <paramref name="to"/>: days alone come from a date phrase ("in 1665") or
    /// from/to, never from nothing (an ask); a timeline without words counts entries alone, so it passes false.
    /// </summary>
    /// <exception cref="InvalidQueryException">When the question breaks a rule; the message says which.</exception>
    public static void Check(string? question, DateOnly? from = null, DateOnly? to = null, bool needsWords = true)
    {
        if (question?.Length > MaxChars)
            throw new InvalidQueryException($"a question is at most {MaxChars:N0} characters; this one has {question.Length:N0}");
        if (needsWords && string.IsNullOrWhiteSpace(question) && from is null && to is null)
            throw new InvalidQueryException("the question is empty: give words, a date phrase (\"in 1665\") or the first and last day (from/to)");
    }
}
