namespace JournalLsp.Indexing;

/// <summary>A request the engine cannot answer, with a message for the person who asked.</summary>
public class JournalException(string message) : Exception(message);

/// <summary>
/// A question or query the engine refuses as asked (empty with no days given, longer than
/// <see cref="QuestionRules.MaxChars"/>): the asker's mistake, which the server answers with InvalidParams and the CLI
/// prints as an error. Thrown by <see cref="QuestionRules.Check"/>, the one place these rules are stated.
/// </summary>
public sealed class InvalidQueryException(string message) : JournalException(message);

/// <summary>
/// A query found the index file damaged (SQLite: malformed): nothing is lost, as the index only caches the journal; the
/// next indexing run moves the file aside and builds it again. The server starts that run when it sees this.
/// </summary>
public sealed class IndexDamagedException(string message) : JournalException(message);
