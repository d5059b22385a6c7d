using System.Text;

namespace JournalLsp.Indexing;

/// <summary>Short, single-line excerpts of passages for result lists.</summary>
public static class Snippet
{
    /// <summary>
    /// <paramref name="text"/> with whitespace collapsed, cut at a word boundary to at most
    /// <paramref name="maxChars"/> characters, with "…" when cut.
    /// </summary>
    public static string Of(string text, int maxChars = 280)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxChars + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
            if (sb.Length > maxChars) break;
        }
        if (sb.Length <= maxChars) return sb.ToString();
        var cut = sb.ToString(0, maxChars);
        var lastSpace = cut.LastIndexOf(' ');
        return (lastSpace > maxChars / 2 ? cut[..lastSpace] : cut).TrimEnd(',', ';', ':', ' ') + "…";
    }
}
