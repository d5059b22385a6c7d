using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Tests;

public class TemplateLinesTests
{
    // n files that share the given lines, each with a line of its own.
    private static IEnumerable<string> Files(int n, params string[] shared) =>
        Enumerable.Range(0, n).Select(i => string.Join('\n', shared.Append($"Day {i} was its own day.")));

    [Theory]
    [InlineData(5, 0, "## gratitude,mood:")]   // in every one of 5 files
    [InlineData(4, 0, "")]                      // 4 files are too few to call anything a template
    [InlineData(10, 90, "## gratitude,mood:")]  // 10 of 100 files: exactly the 10% share
    [InlineData(9, 91, "")]                     // 9 of 100: below it
    public void A_template_line_repeats_in_five_files_and_a_tenth_of_them(int withTemplate, int without, string expected)
    {
        var files = Files(withTemplate, "## Gratitude", "  Mood:  ").Concat(Files(without));
        Assert.Equal(expected, string.Join(",", TemplateLines.Find(files).Lines));
    }

    [Fact]
    public void Front_matter_is_not_a_template()
    {
        var files = Enumerable.Range(0, 6).Select(i => $"---\ntags: [journal]\n---\n# 2024-01-0{i + 1}\n\nMood:\nDay {i} of the year.");
        Assert.Equal(["mood:"], TemplateLines.Find(files).Lines);
    }

    [Fact]
    public void Lines_compare_trimmed_with_whitespace_collapsed_and_ignoring_case()
    {
        var files = new[] { "## Gratitude", "## gratitude ", "##  GRATITUDE", "\t## Gratitude", "## Gratitude\n## Gratitude" };
        var templates = TemplateLines.Find(files);
        Assert.Equal(["## gratitude"], templates.Lines);
        Assert.True(templates.Contains("  ## GRATITUDE"));
        Assert.False(templates.Contains("## Gratitude journal"));
    }

    [Fact]
    public void Stripping_blanks_template_lines_and_keeps_every_line_number()
    {
        var templates = TemplateLines.Of(["## Gratitude", "Mood:"]);
        const string body = "Mood:\nA long walk by the river.\n## Gratitude\nThe heron.\nmood:";
        var stripped = templates.Strip(body);
        Assert.Equal("\nA long walk by the river.\n\nThe heron.\n", stripped);
        Assert.Equal(body.Split('\n').Length, stripped.Split('\n').Length);
        Assert.Same(body, TemplateLines.None.Strip(body));
        Assert.Same(body, TemplateLines.Of(["## Ideas"]).Strip(body)); // nothing to blank: the same string
    }

    [Fact]
    public void The_fingerprint_follows_the_set_of_lines_not_their_order()
    {
        Assert.Equal(TemplateLines.Of(["Mood:", "## Gratitude"]).Fingerprint, TemplateLines.Of(["## gratitude", "mood:"]).Fingerprint);
        Assert.NotEqual(TemplateLines.None.Fingerprint, TemplateLines.Of(["Mood:"]).Fingerprint);
    }
}
