using System.Text.RegularExpressions;

namespace JournalLsp.Core.Search;

/// <summary>
/// Removes the framing of a question that says nothing about its content: in a journal every entry is a day, so
/// "tell me about a day when" only pulls the query towards entries that happen to say "day".
/// </summary>
public static partial class QuestionFraming
{
    [GeneratedRegex(@"^\s*(?:(?:please\s+)?(?:tell\s+me\s+about|show\s+me|find(?:\s+me)?|remind\s+me\s+of|what\s+about|when\s+did|when\s+was|was\s+there)\s+)?(?:(?:(?:a|the|any|some|those|that)\s+)?(?:day|days|time|times|moment|moments|entry|entries)\s+(?:(?:when|where|that|on\s+which)\s+)?)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Framing();

    /// <summary>
    /// The content of <paramref name="question"/> without its framing ("tell me about a day I felt alive" becomes
    /// "I felt alive"); the question itself when nothing would be left.
    /// </summary>
    public static string Strip(string question)
    {
        var content = Framing().Replace(question, "", 1).Trim().TrimEnd('?', '.', '!').Trim();
        return content.Length == 0 ? question.Trim() : content;
    }
}
