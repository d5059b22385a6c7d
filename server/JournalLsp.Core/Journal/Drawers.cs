using System.Text.RegularExpressions;

namespace JournalLsp.Core.Journal;

/// <summary>
/// Drawers as org mode and Logseq write them: a <c>:NAME:</c> line (<c>:PROPERTIES:</c>, <c>:LOGBOOK:</c>) through the
/// next <c>:END:</c>, metadata rather than writing. A <c>:NAME:</c> line with no <c>:END:</c> below it (":smile:") is
/// text. Pure functions.
/// </summary>
internal static partial class Drawers
{
    [GeneratedRegex(@"^\s*:[A-Za-z_\-]+:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Start();

    [GeneratedRegex(@"^\s*:END:\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex End();

    /// <summary>Whether <paramref name="line"/> may open or close a drawer (its shape alone).</summary>
    public static bool IsMarker(string line) => Start().IsMatch(line);

    /// <summary>For each of <paramref name="lines"/>, whether it lies in a drawer, its <c>:NAME:</c> and <c>:END:</c> lines included.</summary>
    public static bool[] Inside(IReadOnlyList<string> lines)
    {
        var inside = new bool[lines.Count];
        var lastEnd = -1;
        for (var i = lines.Count - 1; i >= 0 && lastEnd < 0; i--)
            if (End().IsMatch(lines[i])) lastEnd = i;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > lastEnd || End().IsMatch(lines[i]) || !Start().IsMatch(lines[i])) continue;
            for (; i < lines.Count; i++)
            {
                inside[i] = true;
                if (End().IsMatch(lines[i])) break; // the opening line is no :END:, so this closes it
            }
        }
        return inside;
    }
}
