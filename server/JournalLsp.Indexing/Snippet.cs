using System.Text;
using Markdig;

namespace JournalLsp.Indexing;

/// <summary>Short, single-line excerpts of passages for result lists.</summary>
public static class Snippet
{
    /// <summary>
    /// <paramref name="markdown"/> as the reader sees it: Markdig's plain-text rendering (no <c>#</c>, <c>**</c>, list
    /// marks or link targets; "# Heat" and "Hottest day" once read "# Heat Hottest day..." in every result list).
    /// Text Markdig cannot parse is returned as it is.
    /// </summary>
    public static string PlainText(string markdown)
    {
        try
        {
            return Markdown.ToPlainText(markdown);
        }
        catch (ArgumentException)
        {
            return markdown; // nested past Markdig's depth limit: the raw text still reads
        }
    }

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
