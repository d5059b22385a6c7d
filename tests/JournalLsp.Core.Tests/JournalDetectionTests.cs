using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Tests;

public class JournalDetectionTests
{
    // Each row: files as "path|text" pairs, and whether the folder is a journal.
    [Theory]
    [InlineData(true, "2024/2024-01-02.md|Walked.", "2024/2024-01-03.md|Rain.")] // dated paths
    [InlineData(true, "notes.md|---\ndate: 2024-01-02\n---\nWalked.")] // front matter
    [InlineData(true, "2024-01.md|# January\n\n## 2024-01-02\n\nWalked.\n")] // a month file's date headings
    [InlineData(true, "diary.md|# Sunday, 3 November 2019\n\nChurch.\n")] // a written-out date heading
    [InlineData(true, "README.md|# My journal", "2024-01-02.md|Walked.")] // half dated: a journal with its README
    [InlineData(true, "secret.md|---\nprivate: true\n---\nNot for the index.")] // only journals mark days private
    [InlineData(false, "README.md|# Tool\n\nInstall it.", "CHANGELOG.md|# Changelog\n\n## [1.0.0] - 2024-01-01\n\n- First.", "docs/usage.md|# Usage")]
    [InlineData(false, "README.md|# My journal", "ideas.md|Things.", "2024-01-02.md|Walked.")] // one in three
    [InlineData(false)] // no Markdown at all
    public void A_folder_is_a_journal_when_at_least_half_its_Markdown_files_are_dated(bool expected, params string[] files)
    {
        var verdict = JournalDetection.Judge(files.Length, files.Select(f => (f.Split('|')[0], (string?)f.Split('|')[1])));
        Assert.Equal(expected, verdict.IsJournal);
    }

    [Fact]
    public void A_file_that_could_not_be_read_counts_as_undated() =>
        Assert.Equal(new JournalVerdict(2, 2, 1), JournalDetection.Judge(2, [("2024-01-02.md", "Walked."), ("2024-01-03.md", null)]));

    [Theory]
    [InlineData(0, 0, 0, "the folder has no Markdown, org or jrnl files yet")]
    [InlineData(1, 1, 1, "1 of 1 journal file is dated")]
    [InlineData(3413, 200, 200, "200 of 200 journal files read (of 3,413) are dated")]
    [InlineData(40, 40, 2, "2 of 40 journal files are dated")]
    [InlineData(1, 1, 0, "0 of 1 journal file are dated")]
    [InlineData(5000, 200, 1, "1 of 200 journal files read (of 5,000) is dated")]
    public void The_verdict_reads_in_plain_words(int files, int sampled, int dated, string expected) =>
        Assert.Equal(expected, new JournalVerdict(files, sampled, dated).Describe());

    [Fact]
    public void A_large_folder_is_sampled_evenly_from_first_to_near_last()
    {
        var files = Enumerable.Range(0, 1000).Select(i => $"{i:D4}.md").ToList();
        var sample = JournalDetection.Sample(files);
        Assert.Equal(JournalDetection.SampleFiles, sample.Count);
        Assert.Equal("0000.md", sample[0]);
        Assert.Equal("0995.md", sample[^1]);
        Assert.Equal(sample.Count, sample.Distinct().Count());
        var small = files.Take(10).ToList();
        Assert.Same(small, JournalDetection.Sample(small)); // a small folder is read whole
    }
}
