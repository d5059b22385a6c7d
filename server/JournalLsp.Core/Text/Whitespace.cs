namespace JournalLsp.Core.Text;

/// <summary>
/// Text with its whitespace dropped, for finding an indexed passage in the text it came from: the chunker may join
/// lines with other spacing than the file ("repent!” " becomes "repent! ”"), so only the other characters are compared.
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
            if (char.IsWhiteSpace(text[i])) continue;
            chars[n] = text[i];
            map[n++] = i;
        }
        return (new string(chars, 0, n), map[..n]);
    }
}
