namespace JournalLsp.Core.Text;

/// <summary>
/// A stretch of a file as an editor names it: 0-based lines, UTF-16 offsets within them, the end exclusive (as LSP
/// ranges). A passage located in its file, or a selection.
/// </summary>
public readonly record struct TextSpan(int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    /// <summary>Whole lines <paramref name="first"/> to <paramref name="last"/>, inclusive: from the start of the first to the start of the line after the last.</summary>
    public static TextSpan Lines(int first, int last) => new(first, 0, last + 1, 0);

    /// <summary>Whether the two share at least one character; a span that only ends where the other starts does not.</summary>
    public bool Overlaps(TextSpan other) =>
        Before(StartLine, StartCharacter, other.EndLine, other.EndCharacter) && Before(other.StartLine, other.StartCharacter, EndLine, EndCharacter);

    /// <summary>This span with its ends in document order (a selection made upwards starts at its end).</summary>
    public TextSpan Ordered() =>
        Before(EndLine, EndCharacter, StartLine, StartCharacter) ? new(EndLine, EndCharacter, StartLine, StartCharacter) : this;

    private static bool Before(int line, int character, int otherLine, int otherCharacter) =>
        line < otherLine || (line == otherLine && character < otherCharacter);
}
