namespace JournalLsp.Core.Text;

/// <summary>
/// Text with its whitespace dropped, for finding an indexed passage in the text it came from: the chunker may join
/// lines with other spacing than the file ("repent!” " becomes "repent! ”"), so only the other characters are compared.
/// Whitespace is what <see cref="char.IsWhiteSpace(char)"/> says it is.
/// </summary>
public static class Whitespace
{
    /// <summary><paramref name="text"/> without whitespace, and for each character kept its offset in <paramref name="text"/> (int[length of the result]).</summary>
    public static (string Text, int[] Map) Without(string text)
    {
        var chars = new char[text.Length];
        var map = new int[text.Length];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsWhiteSpace(c)) continue;
            chars[n] = c;
            map[n++] = i;
        }
        return (new string(chars, 0, n), map[..n]);
    }

    /// <summary><paramref name="text"/> without whitespace (<see cref="Without"/> without the offsets, for a text only compared).</summary>
    public static string Strip(string text) =>
        string.Create(text.Length - WhiteSpaceCount(text), text, static (chars, text) =>
        {
            var n = 0;
            foreach (var c in text)
                if (!IsWhiteSpace(c)) chars[n++] = c;
        });

    private static int WhiteSpaceCount(string text)
    {
        var count = 0;
        foreach (var c in text)
            if (IsWhiteSpace(c)) count++;
        return count;
    }

    // From '!' to U+0084 (ASCII's visible characters, DEL and the first C1 controls) none is whitespace (the space and
    // the controls 9-13 lie below, U+0085 NEL above): most characters of a text are decided by one compare.
    private static bool IsWhiteSpace(char c) => (uint)(c - '!') > '\u0084' - '!' && char.IsWhiteSpace(c);
}
