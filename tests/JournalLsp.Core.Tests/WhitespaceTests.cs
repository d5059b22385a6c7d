using JournalLsp.Core.Text;

namespace JournalLsp.Core.Tests;

/// <summary>Text without its whitespace: what the evidence and the chunker compare passages by.</summary>
public class WhitespaceTests
{
    [Fact]
    public void Every_character_char_IsWhiteSpace_names_is_dropped_and_no_other()
    {
        var all = new string([.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i)]);
        var kept = new string([.. all.Where(c => !char.IsWhiteSpace(c))]);
        Assert.Equal(kept, Whitespace.Strip(all));
        Assert.Equal(kept, Whitespace.Without(all).Text);
    }

    [Theory]
    [InlineData("a b", "ab", "0,2")]
    [InlineData("  repent!\u00A0\u201D\n", "repent!\u201D", "2,3,4,5,6,7,8,10")]
    [InlineData("\t\r\n", "", "")]
    [InlineData("", "", "")]
    public void Each_character_kept_maps_to_its_offset(string text, string stripped, string offsets)
    {
        var (kept, map) = Whitespace.Without(text);
        Assert.Equal(stripped, kept);
        Assert.Equal(stripped, Whitespace.Strip(text));
        Assert.Equal(offsets.Length == 0 ? [] : offsets.Split(',').Select(int.Parse).ToArray(), map);
    }
}
