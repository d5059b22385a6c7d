namespace JournalLsp.Core.Journal;

/// <summary>
/// What a folder's journal files (<see cref="JournalFormats"/>: Markdown, org, jrnl text) say about whether it is a journal: how many there are, how many were read, and
/// how many of those have a date (front matter <c>date:</c>, a date heading or a dated path, as
/// <see cref="JournalParser"/> reads them).
/// </summary>
/// <param name="Files">Journal files in the folder.</param>
/// <param name="Sampled">Files read to decide (all of them up to <see cref="JournalDetection.SampleFiles"/>).</param>
/// <param name="Dated">Sampled files with a dated entry (a file marked private counts: only journals mark days so).</param>
public sealed record JournalVerdict(int Files, int Sampled, int Dated)
{
    /// <summary>True when at least one sampled file is dated and the dated ones are at least half of those read.</summary>
    public bool IsJournal => Dated > 0 && Dated * 2 >= Sampled;

    /// <summary>The verdict in plain words, for logs and <c>journal/status</c>: "3,413 of 3,413 journal files are dated".</summary>
    public string Describe() => Files == 0
        ? "the folder has no Markdown, org or jrnl files yet"
        : Sampled == Files
            ? $"{Dated:N0} of {Files:N0} journal {(Files == 1 ? "file" : "files")} {Verb} dated"
            : $"{Dated:N0} of {Sampled:N0} journal files read (of {Files:N0}) {Verb} dated";

    private string Verb => Dated == 1 ? "is" : "are";
}

/// <summary>
/// Decides whether a folder is a journal from its files, so that a server started on a code repository (a README,
/// a CHANGELOG, docs) indexes nothing. A journal's files nearly all carry a date (the Pepys diary: 3,413 of 3,413;
/// our sample journal: every file), a repository's almost none (keep-a-changelog's "## [1.0.0] - 2024-01-01" is not
/// a date heading), so the line is drawn at half: a journal folder with an undated README, templates and notes still
/// passes.
/// </summary>
public static class JournalDetection
{
    /// <summary>At most this many files are read to decide, spread evenly over the sorted list (a 100k-day journal is judged in a few hundred ms).</summary>
    public const int SampleFiles = 200;

    /// <summary>Characters of each file read: enough for front matter and the first headings of a month file.</summary>
    public const int HeadChars = 4096;

    /// <summary>Which of <paramref name="files"/> (sorted relative paths) to read: all, or <see cref="SampleFiles"/> evenly spread.</summary>
    public static IReadOnlyList<string> Sample(IReadOnlyList<string> files)
    {
        if (files.Count <= SampleFiles) return files;
        var picked = new string[SampleFiles];
        for (var i = 0; i < SampleFiles; i++) picked[i] = files[(int)((long)i * files.Count / SampleFiles)];
        return picked;
    }

    /// <summary>Judges a folder of <paramref name="files"/> journal files from the heads of the sampled ones.</summary>
    /// <param name="files">How many journal files the folder holds.</param>
    /// <param name="sampled">Each sampled file's relative path and its first <see cref="HeadChars"/> characters (null when it could not be read: not dated).</param>
    /// <param name="layout">What the folder says of itself (an Obsidian vault's daily-note pattern dates its notes); none when null.</param>
    public static JournalVerdict Judge(int files, IEnumerable<(string Path, string? Head)> sampled, JournalLayout? layout = null)
    {
        int read = 0, dated = 0;
        foreach (var (path, head) in sampled)
        {
            read++;
            if (head is not null && IsDated(path, head, layout)) dated++;
        }
        return new JournalVerdict(files, read, dated);
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> (relative) has a dated entry in <paramref name="head"/>, or is marked
    /// private. A dated path with any text dates the file without parsing it (the parser gives its entries that day):
    /// parsing 200 heads with Markdig at every server start added 150-300 ms to the Pepys diary's first hover.
    /// </summary>
    /// <param name="path">Relative to the folder.</param>
    /// <param name="head">The file's first <see cref="HeadChars"/> characters.</param>
    /// <param name="layout">What the folder says of itself; none when null.</param>
    public static bool IsDated(string path, string head, JournalLayout? layout = null)
    {
        if (JournalFormats.Of(path) is not { } format) return false;
        if (!string.IsNullOrWhiteSpace(head) && DateRecognizer.FromPath(path, layout).Kind == DateMatchKind.Valid) return true;
        var parsed = format.Parse(path, head, layout: layout);
        return parsed.IsPrivate || (!parsed.DatedByCreation && parsed.Entries.Any(e => e.Date is not null));
    }
}
