namespace JournalLsp.Core.Text;

/// <summary>
/// Lines as LSP counts them: a line ends at \n, \r\n or a lone \r (LSP 3.17, "Position"), and numbers are 0-based.
/// The one place text is cut into lines, so the parser, the chunker and the server's buffers agree on every line
/// number.
/// </summary>
public static class LineIndex
{
    /// <summary>The lines of <paramref name="text"/> without their breaks; "" gives one empty line, a final break one more.</summary>
    public static string[] Split(string text)
    {
        var starts = Starts(text);
        var lines = new string[starts.Length];
        for (var i = 0; i < starts.Length; i++)
            lines[i] = text[starts[i]..EndOf(text, starts[i])];
        return lines;
    }

    /// <summary>The offset at which each line starts: int[lines], the first 0.</summary>
    public static int[] Starts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (text[i] is '\n' or '\r') starts.Add(i + 1);
        }
        return starts.ToArray();
    }

    /// <summary>The 0-based line holding <paramref name="offset"/>, given the line starts from <see cref="Starts"/>.</summary>
    public static int LineOf(int[] starts, int offset)
    {
        var index = Array.BinarySearch(starts, offset);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>
    /// The string offset of (<paramref name="line"/>, <paramref name="character"/>): past the end clamps to the end of
    /// the text, past a line's end to the end of that line (as LSP asks).
    /// </summary>
    public static int OffsetOf(string text, int line, int character)
    {
        var offset = 0;
        for (var l = 0; l < line; l++)
        {
            var next = text.IndexOfAny(['\r', '\n'], offset);
            if (next < 0) return text.Length;
            offset = next + (text[next] == '\r' && next + 1 < text.Length && text[next + 1] == '\n' ? 2 : 1);
        }
        return Math.Min(offset + Math.Max(0, character), EndOf(text, offset));
    }

    /// <summary>Line <paramref name="line"/> of <paramref name="text"/> without its break, or null past the last line.</summary>
    public static string? LineAt(string text, int line)
    {
        if (line < 0) return null;
        var starts = Starts(text);
        return line < starts.Length ? text[starts[line]..EndOf(text, starts[line])] : null;
    }

    private static int EndOf(string text, int lineStart)
    {
        var end = text.IndexOfAny(['\r', '\n'], lineStart);
        return end < 0 ? text.Length : end;
    }
}
