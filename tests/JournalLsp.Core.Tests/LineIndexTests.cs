using JournalLsp.Core.Text;

namespace JournalLsp.Core.Tests;

public class LineIndexTests
{
    [Theory]
    [InlineData("", new[] { "" })]
    [InlineData("a", new[] { "a" })]
    [InlineData("a\nb", new[] { "a", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a", "b", "" })]
    [InlineData("a\rb", new[] { "a", "b" })]          // a lone \r ends a line, as in LSP
    [InlineData("a\n\nb", new[] { "a", "", "b" })]
    public void Lines_end_at_lf_crlf_or_cr(string text, string[] lines) => Assert.Equal(lines, LineIndex.Split(text));

    [Theory]
    [InlineData("ab\ncd", 1, 1, 4)]
    [InlineData("ab\r\ncd", 1, 0, 4)]
    [InlineData("ab\ncd", 0, 99, 2)]   // past a line's end: its end
    [InlineData("ab\ncd", 7, 0, 5)]    // past the last line: the end of the text
    public void Positions_map_to_offsets(string text, int line, int character, int offset) =>
        Assert.Equal(offset, LineIndex.OffsetOf(text, line, character));

    [Theory]
    [InlineData("ab\ncd\n", 1, "cd")]
    [InlineData("ab\ncd\n", 2, "")]
    [InlineData("ab\ncd\n", 3, null)]
    [InlineData("ab", -1, null)]
    public void A_line_is_read_without_its_break(string text, int line, string? expected) =>
        Assert.Equal(expected, LineIndex.LineAt(text, line));

    [Fact]
    public void Offsets_map_back_to_lines()
    {
        var starts = LineIndex.Starts("ab\r\ncd\nef");
        Assert.Equal([0, 4, 7], starts);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 2], new[] { 0, 1, 2, 3, 4, 5, 6, 7 }.Select(o => LineIndex.LineOf(starts, o)));
    }
}
