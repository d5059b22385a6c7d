using System.Text.RegularExpressions;

namespace JournalLsp.Core.Journal;

/// <summary>
/// A Logseq page read as text: every block is a <c>- </c> bullet, indented by tabs; blocks carry properties
/// (<c>key:: value</c>, <c>id:: &lt;uuid&gt;</c>, <c>collapsed:: true</c>), reference each other by <c>((uuid))</c> and
/// hold task markers and drawers (<c>SCHEDULED:</c>, <c>:LOGBOOK:</c> … <c>:END:</c>). What is embedded and searched is
/// the writing: bullets and indentation go, properties, references, markers and drawers are left out. Lines keep
/// their numbers (a line left out becomes empty), so every passage is still placed in the file. Pure functions.
/// </summary>
public static partial class LogseqText
{
    // "key:: value" (a block or page property), alone on its line or as a bullet's only text.
    [GeneratedRegex(@"^\s*(?:-\s+)?[A-Za-z][\w\-/]*::(?:\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Property();

    // A bullet's marker with its indentation, and a task marker after it.
    [GeneratedRegex(@"^\s*-(?:\s+|$)(?:(?:TODO|DOING|DONE|LATER|NOW|WAITING|WAIT|CANCELED|CANCELLED|IN-PROGRESS)\s+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Bullet();

    // Block references and embeds: ((64f0c6b2-…)), {{embed ((…))}}.
    [GeneratedRegex(@"\{\{embed\s+\(\([0-9a-fA-F\-]{8,}\)\)\s*\}\}|\(\([0-9a-fA-F\-]{8,}\)\)", RegexOptions.CultureInvariant)]
    private static partial Regex BlockReference();

    [GeneratedRegex(@"^\s*(?:SCHEDULED|DEADLINE):\s*<", RegexOptions.CultureInvariant)]
    private static partial Regex Planning();

    /// <summary>
    /// Whether <paramref name="lines"/> (a page after its front matter) are written as a Logseq outline: it has non-blank lines, every one of them a
    /// bullet, a property, a drawer line or the indented continuation of a bullet, and at least one property or block
    /// reference (a plain bulleted list in a Markdown diary is not an outline).
    /// </summary>
    public static bool IsOutline(IReadOnlyList<string> lines)
    {
        var (any, logseqOnly) = (false, false);
        var inBullet = false;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            any = true;
            if (Property().IsMatch(line) || BlockReference().IsMatch(line)) logseqOnly = true;
            if (Bullet().IsMatch(line)) inBullet = true;
            else if (!(Property().IsMatch(line) || Drawers.IsMarker(line)
                       || (inBullet && char.IsWhiteSpace(line[0])))) return false;
        }
        return any && logseqOnly;
    }

    /// <summary>
    /// <paramref name="body"/> (one entry's text, '\n'-separated) as prose: each line without its bullet, indentation
    /// and task marker; property lines, planning lines and drawers empty; block references removed. As many lines as
    /// <paramref name="body"/>.
    /// </summary>
    public static string Clean(string body)
    {
        var lines = body.Split('\n');
        var drawer = Drawers.Inside(lines);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (drawer[i])
            {
                lines[i] = "";
                continue;
            }
            if (Property().IsMatch(line) || Planning().IsMatch(line))
            {
                lines[i] = "";
                continue;
            }
            var text = Bullet().Match(line) is { Success: true } bullet ? line[bullet.Length..] : line.TrimStart();
            lines[i] = BlockReference().Replace(text, "").TrimEnd();
        }
        return string.Join('\n', lines);
    }
}
