using JournalLsp.Core.Chunking;
using JournalLsp.Core.Journal;

namespace JournalLsp.Indexing.Tests;

[Collection(nameof(EmbedderCollection))]
public class ChunkerTests(EmbedderFixture fixture)
{
    private EntryChunker Chunker => new(fixture.Embedder.CountTokens, new ChunkerOptions());

    private static JournalEntry PepysEntry(string date)
    {
        var path = Path.Combine(TestData.Pepys, "daily", date[..4], date + ".md");
        return Assert.Single(JournalParser.Parse(Path.GetFileName(path), File.ReadAllText(path)).Entries);
    }

    [Theory]
    [InlineData("1667-07-29")] // the longest entry: 3,779 words
    [InlineData("1666-09-02")]
    [InlineData("1665-06-07")]
    public void Chunks_fit_the_model_and_lose_nothing(string date)
    {
        var entry = PepysEntry(date);
        var chunks = Chunker.Chunk(entry);
        Assert.True(chunks.Count > 1);
        foreach (var c in chunks)
            Assert.True(fixture.Embedder.CountTokens(c.Text) + 2 <= 256, $"chunk {c.Ordinal} has {c.TokenCount} tokens");

        // Every character of the entry appears, in order, in the chunks (overlaps repeat some; the chunker may move
        // whitespace, so it is ignored).
        static string Ink(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var body = Ink(entry.Body);
        var covered = 0;
        foreach (var c in chunks)
        {
            var ink = Ink(c.Text);
            var start = body.LastIndexOf(ink, Math.Min(body.Length - 1, covered + ink.Length - 1), StringComparison.Ordinal);
            Assert.True(start >= 0 && start <= covered, $"chunk {c.Ordinal} does not continue the entry where the previous chunk ended");
            covered = Math.Max(covered, start + ink.Length);
        }
        Assert.Equal(body.Length, covered);
    }

    [Fact]
    public void Chunk_line_ranges_point_at_their_text()
    {
        var text = string.Join("\n\n", Enumerable.Range(1, 30).Select(i =>
            $"Paragraph {i}: we walked along the canal towards the old mill, talking about paragraph {i} and the weather."));
        var entry = Assert.Single(JournalParser.Parse("2020-05-01.md", "# 2020-05-01\n\n" + text).Entries);
        var lines = JournalLsp.Core.Text.LineIndex.Split("# 2020-05-01\n\n" + text);
        var chunks = Chunker.Chunk(entry);
        Assert.True(chunks.Count >= 3);
        foreach (var c in chunks)
        {
            var first = c.Text.Split(' ')[0..2];
            Assert.StartsWith(string.Join(' ', first), lines[c.StartLine].Trim());
            Assert.True(c.EndLine >= c.StartLine && c.EndLine <= entry.EndLine);
        }
        Assert.Equal(entry.EndLine, chunks[^1].EndLine);
    }

    [Fact]
    public void Short_entries_are_kept_whole()
    {
        var entry = Assert.Single(JournalParser.Parse("2020-05-01.md", "Tired.").Entries);
        var chunk = Assert.Single(Chunker.Chunk(entry));
        Assert.Equal("Tired.", chunk.Text);
        Assert.Equal((0, 0), (chunk.StartLine, chunk.EndLine));
    }
}
