using JournalLsp.Server.Documents;
using JournalLsp.Server.Protocol;
using Protocol = JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Tests;

public class TextDocumentsTests
{
    private static TextDocumentContentChangeEvent Edit(int l1, int c1, int l2, int c2, string text) =>
        new(text, new Protocol.Range(new Position(l1, c1), new Position(l2, c2)));

    [Fact]
    public void Range_edits_apply_in_order_with_any_line_ending_and_utf16_positions()
    {
        var docs = new TextDocuments();
        docs.Open("u", 1, "# 2024-01-01\r\n\r\nSnow 🌨 fell.\nWe walked.\rHome.");
        var after = docs.Change("u", 2, [
            Edit(2, 5, 2, 7, "❄️"),           // the emoji is two UTF-16 units
            Edit(3, 3, 3, 9, "stayed in"),
            Edit(4, 5, 4, 5, " Tea."),
        ]);
        Assert.Equal("# 2024-01-01\r\n\r\nSnow ❄️ fell.\nWe stayed in.\rHome. Tea.", after!.Text);
        Assert.Equal(2, after.Version);
    }

    [Fact]
    public void Positions_past_a_line_or_the_document_are_clamped_and_whole_text_changes_replace()
    {
        Assert.Equal("abX\ncd", TextDocuments.Apply("ab\ncd", Edit(0, 99, 0, 99, "X")));
        Assert.Equal("ab\ncdX", TextDocuments.Apply("ab\ncd", Edit(7, 0, 9, 0, "X")));
        Assert.Equal("new", TextDocuments.Apply("ab\ncd", new TextDocumentContentChangeEvent("new")));
        Assert.Null(new TextDocuments().Change("not-open", 1, []));
        Assert.Null(TextDocuments.LineAt("a\nb", 2));
        Assert.Equal("b", TextDocuments.LineAt("a\r\nb", 1));
    }
}
