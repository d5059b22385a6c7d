using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Tests;

/// <summary>
/// The dates journals write as the tools people come from write them (../shared/notes/formats.md has each convention
/// with its source), and the journal formats beside Markdown: Logseq outlines, org files, jrnl's text journal.
/// </summary>
public class JournalFormatsTests
{
    // "" expects no date; "impossible" a date-like name that names no day.
    [Theory]
    [InlineData("YYYY-MM-DD", "2024-01-15", "2024-01-15")]
    [InlineData("YYYY/MMMM/YYYY-MMM-DD", "2023/January/2023-Jan-01", "2023-01-01")] // the Obsidian help's example
    [InlineData("YYYY/MMMM/YYYY-MMM-DD", "2023/February/2023-Jan-01", "impossible")] // the folder and the name disagree
    [InlineData("DD-MM-YYYY", "03-04-2024", "2024-04-03")]
    [InlineData("MM-DD-YYYY", "03-04-2024", "2024-03-04")]
    [InlineData("dddd, MMMM Do YYYY", "Monday, January 15th 2024", "2024-01-15")]
    [InlineData("dddd, MMMM Do YYYY", "Tuesday, January 15th 2024", "impossible")] // 15 January 2024 was a Monday
    [InlineData("YYYY/MM-MMMM/YYYY-MM-DD-ddd", "2024/01-January/2024-01-15-Mon", "2024-01-15")]
    [InlineData("YYYY_MM_DD", "2024_01_15", "2024-01-15")]
    [InlineData("YY.M.D", "99.1.5", "1999-01-05")] // moment reads 69-99 as the 1900s
    [InlineData("YY.M.D", "24.1.5", "2024-01-05")]
    [InlineData("[Journal] YYYY-MM-DD", "Journal 2024-01-15", "2024-01-15")]
    [InlineData("YYYY-MM-DD", "2024-02-30", "impossible")]
    [InlineData("YYYY-MM-DD", "meeting notes", "")]
    [InlineData("DD-MM-YYYY", "2024-01-15", "")]
    public void A_daily_note_pattern_reads_the_day_a_name_gives(string format, string name, string expected)
    {
        var pattern = MomentPattern.TryParse(format, out var problem);
        Assert.Null(problem);
        var match = pattern!.Match(name);
        Assert.Equal(expected, Describe(match));
    }

    [Theory]
    [InlineData("gggg-[W]ww")] // Periodic Notes' weekly default: no day
    [InlineData("YYYY-MM")]
    [InlineData("YYYY-MM-DD HH:mm")]
    [InlineData("YYYY-MM-DD [note")]
    public void A_pattern_that_names_no_day_is_refused_with_a_reason(string format)
    {
        Assert.Null(MomentPattern.TryParse(format, out var problem));
        Assert.Contains(format, problem);
    }

    [Theory]
    [InlineData("2024-01-15T09:30:00+01:00", "2024-01-15")] // Hugo, Jekyll: the writer's own date
    [InlineData("2024-01-15T23:30:00-05:00", "2024-01-15")]
    [InlineData("2024-01-15T09:30:00", "2024-01-15")]
    [InlineData("2024-01-15 09:30Z", "2024-01-15")] // Joplin's export, UTC
    [InlineData("2024-01-15T23:30:00.000Z", "2024-01-16")] // UTC, dated in the journal's zone (UTC+1 here)
    [InlineData("1705312200000", "2024-01-15")] // Dendron's epoch milliseconds
    [InlineData("1705357800000", "2024-01-15")] // 2024-01-15T22:30Z: still the 15th at UTC+1
    [InlineData("1705361400000", "2024-01-16")] // 23:30Z: the 16th at UTC+1
    [InlineData("2024-02-30T09:30:00Z", "impossible")]
    [InlineData("January 15, 2024", "2024-01-15")]
    [InlineData("soon", "")]
    [InlineData("2024-01-15T09:75Z", "")] // no such minute: not a date, and no exception
    [InlineData("2024-01-15T24:10:00Z", "")]
    [InlineData("202401151230", "")] // a yyyyMMddHHmm stamp, not milliseconds in 1976
    public void A_front_matter_value_gives_the_day_its_writer_lived(string value, string expected) =>
        Assert.Equal(expected, Describe(DateRecognizer.FromText(value, PlusOne)));

    [Theory]
    [InlineData("notes/daily.journal.2024.01.15.md", "2024-01-15")] // Dendron
    [InlineData("daily.journal.2024.02.30.md", "impossible")]
    [InlineData("January 15th, 2024.md", "2024-01-15")] // Roam-style page names
    [InlineData("Monday, January 15th 2024.md", "2024-01-15")]
    [InlineData("15-01-2024.md", "2024-01-15")] // day first: the only reading
    [InlineData("01-15-2024.md", "2024-01-15")] // month first: the only reading
    [InlineData("03-04-2024.md", "ambiguous")] // never guessed
    [InlineData("04-04-2024.md", "2024-04-04")] // both readings are one day
    [InlineData("version-1.2.3.md", "")]
    [InlineData("Meeting 13.2.2024.md", "")] // a note about a meeting, not a day's entry
    [InlineData("Monday, 15-01-2024.md", "2024-01-15")]
    [InlineData("Tuesday, 15-01-2024.md", "impossible")] // 15 January 2024 was a Monday
    public void A_path_gives_the_day_as_the_tools_name_files(string path, string expected) =>
        Assert.Equal(expected, Describe(DateRecognizer.FromPath(path)));

    [Fact]
    public void A_vault_pattern_reads_what_is_otherwise_ambiguous()
    {
        var layout = Vault("""{"folder": "Daily", "format": "DD-MM-YYYY"}""");
        Assert.Equal("2024-04-03", Describe(DateRecognizer.FromPath("Daily/03-04-2024.md", layout)));
        Assert.Equal("2024-04-03", Describe(DateRecognizer.FromPath("Elsewhere/03-04-2024.md", layout))); // day first, as the vault writes
    }

    [Fact]
    public void A_year_first_vault_pattern_says_nothing_of_a_date_written_year_last()
    {
        var layout = Vault("""{"format": "YYYY-MM-DD"}""");
        Assert.Equal("ambiguous", Describe(DateRecognizer.FromPath("notes/03-04-2024.md", layout)));
    }

    [Fact]
    public void A_files_own_dates_outrank_the_vaults_order()
    {
        var layout = Vault("""{"format": "MM-DD-YYYY"}""");
        var parsed = JournalParser.Parse("log.md", "# 15-04-2024\n\nOne.\n\n# 03-04-2024\n\nTwo.\n", layout: layout);
        Assert.Equal([new DateOnly(2024, 4, 15), new DateOnly(2024, 4, 3)], parsed.Entries.Select(e => e.Date));
    }

    [Fact]
    public void A_heading_with_a_date_in_it_does_not_split_a_daily_note()
    {
        var entry = Assert.Single(JournalParser.Parse("2024-01-15.md", "Paid the bills.\n\n## Invoice 12.01.2024\n\nFor the roof.\n").Entries);
        Assert.Equal(new DateOnly(2024, 1, 15), entry.Date);
    }

    [Fact]
    public void A_note_dated_only_by_its_creation_time_does_not_make_a_folder_a_journal()
    {
        Assert.False(JournalDetection.IsDated("Ideas/Garden.md", "---\ncreated: 2024-01-15\n---\nRoses by the wall.\n"));
        Assert.True(JournalDetection.IsDated("daily.journal.2024.01.15.md", "---\ncreated: 1705312200000\n---\nPlans.\n"));
    }

    [Fact]
    public void A_vault_pattern_with_folders_dates_the_obsidian_help_example()
    {
        var layout = Vault("""{"folder": "Journal/", "format": "YYYY/MMMM/YYYY-MMM-DD"}""");
        Assert.Equal("2023-01-01", Describe(DateRecognizer.FromPath("Journal/2023/January/2023-Jan-01.md", layout)));
        Assert.Equal("", Describe(DateRecognizer.FromPath("Other/2023/January/2023-Jan-01.md", layout)));
    }

    [Fact]
    public void Periodic_notes_daily_settings_count_and_their_week_formats_do_not()
    {
        var layout = JournalLayout.FromSettings(new Dictionary<string, string>
        {
            [".obsidian/plugins/periodic-notes/data.json"] =
                """{"daily": {"enabled": true, "folder": "days", "format": "D MMMM YYYY"}, "weekly": {"enabled": true, "format": "gggg-[W]ww"}}""",
        }, TimeZoneInfo.Utc);
        Assert.Empty(layout.Problems);
        var daily = Assert.Single(layout.DailyNotes);
        Assert.Equal(("days", "D MMMM YYYY"), (daily.Folder, daily.Pattern.Format));
        Assert.Equal("2024-01-15", Describe(layout.DateOfPath("days/15 January 2024.md")));
    }

    [Theory]
    [InlineData("{\"format\": \"YYYY-MM\"}", "does not name a day")]
    [InlineData("{\"format\": ", "not valid JSON")]
    public void Settings_that_cannot_be_read_are_a_problem_said_not_an_error(string json, string said)
    {
        var layout = JournalLayout.FromSettings(new Dictionary<string, string> { [".obsidian/daily-notes.json"] = json }, TimeZoneInfo.Utc);
        Assert.Empty(layout.DailyNotes);
        Assert.Contains(said, Assert.Single(layout.Problems));
    }

    [Fact]
    public void A_vault_without_a_format_uses_obsidians_default()
    {
        var layout = Vault("""{"folder": "", "template": "t"}""");
        Assert.Equal("YYYY-MM-DD", Assert.Single(layout.DailyNotes).Pattern.Format);
    }

    [Fact]
    public void An_iso_date_time_in_front_matter_dates_the_file_without_a_warning()
    {
        var parsed = JournalParser.Parse("post.md", "---\ndate: 2024-01-15T09:30:00+01:00\n---\nA walk.\n");
        Assert.Equal(new DateOnly(2024, 1, 15), Assert.Single(parsed.Entries).Date);
        Assert.Empty(parsed.Warnings);
    }

    [Theory]
    [InlineData("created: 2024-01-15 09:30Z")] // Joplin
    [InlineData("created: 1705312200000")] // Dendron
    [InlineData("date created: 2024-01-15")]
    [InlineData("creationDate: 2024-01-15T09:30:00Z")]
    public void A_creation_time_dates_a_file_nothing_else_dates(string key)
    {
        var parsed = JournalParser.Parse("Trip to the lake.md", $"---\ntitle: Trip\n{key}\n---\nWe sailed.\n");
        Assert.Equal(new DateOnly(2024, 1, 15), Assert.Single(parsed.Entries).Date);
    }

    [Fact]
    public void The_day_in_the_name_wins_over_the_creation_time()
    {
        // Dendron creates tomorrow's note tonight: the name says which day it is about.
        var parsed = JournalParser.Parse("daily.journal.2024.01.16.md", "---\ncreated: 1705312200000\n---\nPlans.\n");
        Assert.Equal(new DateOnly(2024, 1, 16), Assert.Single(parsed.Entries).Date);
    }

    [Fact]
    public void An_ambiguous_heading_is_reported_not_guessed()
    {
        var parsed = JournalParser.Parse("notes.md", "# 03/04/2024\n\nA day.\n");
        Assert.Null(Assert.Single(parsed.Entries).Date);
        Assert.Contains("reads as two days", Assert.Single(parsed.Warnings));
    }

    [Fact]
    public void A_files_unambiguous_dates_say_how_its_ambiguous_ones_read()
    {
        var parsed = JournalParser.Parse("march.md", "# 03-04-2024\n\nOne.\n\n# 15-04-2024\n\nTwo.\n");
        Assert.Equal([new DateOnly(2024, 4, 3), new DateOnly(2024, 4, 15)], parsed.Entries.Select(e => e.Date));
        Assert.Empty(parsed.Warnings);
    }

    private const string LogseqPage = """
        - Walked to the [[harbour]] at dawn.
          id:: 64f0c6b2-1b2c-4d5e-8f90-123456789abc
        	- The fog lifted by nine ((64f0c6b2-0000-4d5e-8f90-123456789abc))
        	  collapsed:: true
        - TODO write to Anna
        - mood:: calm
        """;

    [Fact]
    public void A_logseq_page_is_read_as_prose_with_its_lines_kept()
    {
        var entry = Assert.Single(JournalParser.Parse("journals/2024_01_15.md", LogseqPage).Entries);
        Assert.Equal(new DateOnly(2024, 1, 15), entry.Date);
        Assert.Equal("Walked to the [[harbour]] at dawn.\n\nThe fog lifted by nine\n\nwrite to Anna\n", entry.Body);
        Assert.Equal(LogseqPage.Split('\n').Length, entry.Body.Split('\n').Length);
    }

    [Fact]
    public void A_line_like_a_drawer_with_no_end_is_text()
    {
        var body = LogseqText.Clean("- Great news :tada:\n:smile:\n- Then lunch.");
        Assert.Equal("Great news :tada:\n:smile:\nThen lunch.", body);
        var org = OrgJournal.Instance.Parse("20240115.org", "* Morning\n:smile:\nThen lunch.\n").Entries;
        Assert.Contains("Then lunch.", Assert.Single(org).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_logseq_graphs_own_folder_is_not_the_journal()
    {
        var graph = JournalLayout.FromSettings(new Dictionary<string, string> { ["logseq/config.edn"] = "" }, TimeZoneInfo.Utc);
        Assert.True(graph.Ignores("logseq/bak/journals/2024_01_15/2024-01-16T10_00_00.000Z.Desktop.md"));
        Assert.False(graph.Ignores("journals/2024_01_15.md"));
        Assert.False(JournalLayout.Default.Ignores("logseq/notes.md"));
    }

    [Fact]
    public void A_bulleted_markdown_diary_is_not_taken_for_an_outline()
    {
        const string text = "- Walked to the harbour.\n- Wrote to Anna.\n";
        Assert.Equal(text.TrimEnd(), Assert.Single(JournalParser.Parse("2024-01-15.md", text).Entries).Body);
    }

    [Fact]
    public void An_org_roam_daily_is_dated_by_its_title_and_drawers_are_left_out()
    {
        const string text = ":PROPERTIES:\n:ID: 1b2c\n:END:\n#+title: 2024-01-15\n\n* Morning\nWalked to the harbour.\nSCHEDULED: <2024-01-16 Tue>\n";
        var parsed = OrgJournal.Instance.Parse("notes/trip.org", text);
        var entry = Assert.Single(parsed.Entries);
        Assert.Equal(new DateOnly(2024, 1, 15), entry.Date);
        Assert.Equal("* Morning\nWalked to the harbour.", entry.Body);
        Assert.Equal(5, entry.BodyStartLine);
    }

    [Fact]
    public void An_org_journal_file_gives_one_entry_per_day_heading()
    {
        const string text = "* Monday, 15-01-2024\n** 09:30 Harbour\nWalked.\n* Wednesday, 03-01-2024\n** 21:00\nRead.\n";
        var entries = OrgJournal.Instance.Parse("202401.org", text).Entries;
        Assert.Equal([new DateOnly(2024, 1, 15), new DateOnly(2024, 1, 3)], entries.Select(e => e.Date));
        Assert.Equal("** 09:30 Harbour\nWalked.", entries[0].Body);
    }

    [Theory]
    [InlineData("daily/2024-01-15.org")]
    [InlineData("20240115.org")]
    public void An_org_file_is_dated_by_its_path(string path) =>
        Assert.Equal(new DateOnly(2024, 1, 15), Assert.Single(OrgJournal.Instance.Parse(path, "* Harbour\nWalked.\n").Entries).Date);

    [Fact]
    public void A_private_org_file_stays_out()
    {
        var parsed = OrgJournal.Instance.Parse("20240115.org", "#+private: t\n* Secret\nText.\n");
        Assert.True(parsed.IsPrivate);
        Assert.Empty(parsed.Entries);
    }

    [Fact]
    public void A_jrnl_journal_gives_one_entry_per_stamp_with_its_title_in_the_text()
    {
        const string text = "[2024-01-15 09:30:00 AM] Walked to the harbour. The fog lifted.\nWrote to Anna.\n\n[2024-01-16 08:00:00 PM] Read by the fire. *\n";
        var entries = JrnlJournal.Instance.Parse("journal.txt", text).Entries;
        Assert.Equal([new DateOnly(2024, 1, 15), new DateOnly(2024, 1, 16)], entries.Select(e => e.Date));
        Assert.Equal("Walked to the harbour. The fog lifted.\nWrote to Anna.", entries[0].Body);
        Assert.Equal((0, 1, 0), (entries[0].StartLine, entries[0].EndLine, entries[0].BodyStartLine));
        Assert.Equal("Read by the fire.", entries[1].Body);
    }

    [Fact]
    public void A_jrnl_line_in_brackets_that_is_no_time_stays_text_and_a_note_above_the_first_entry_is_kept()
    {
        var entries = JrnlJournal.Instance.Parse("journal.txt", "Shopping list for the week.\n\n[2024-01-15 09:30:00 AM] Market.\n[x] bread\n").Entries;
        Assert.Equal([null, new DateOnly(2024, 1, 15)], entries.Select(e => e.Date));
        Assert.Equal("Market.\n[x] bread", entries[1].Body);
    }

    [Theory]
    [InlineData("2024/01/15.txt", 1)] // jrnl's folder layout
    [InlineData("README.txt", 0)] // not a journal's: no entries
    [InlineData("2024-01-15.txt", 1)] // a plain-text diary named by its day
    [InlineData("notes-2024.txt", 0)]
    public void A_text_file_is_a_journal_only_in_jrnls_shapes(string path, int entries) =>
        Assert.Equal(entries, JrnlJournal.Instance.Parse(path, "Walked to the harbour.\n").Entries.Count);

    [Theory]
    [InlineData("notes.md", "markdown")]
    [InlineData("daily/2024-01-15.ORG", "org")]
    [InlineData("journal.txt", "jrnl")]
    [InlineData("photo.jpg", null)]
    public void A_file_is_read_by_the_format_of_its_extension(string path, string? format) =>
        Assert.Equal(format, JournalFormats.Of(path)?.Name);

    private static readonly TimeZoneInfo PlusOne = TimeZoneInfo.CreateCustomTimeZone("UTC+1", TimeSpan.FromHours(1), "UTC+1", "UTC+1");

    private static JournalLayout Vault(string dailyNotesJson) =>
        JournalLayout.FromSettings(new Dictionary<string, string> { [".obsidian/daily-notes.json"] = dailyNotesJson }, TimeZoneInfo.Utc);

    private static string Describe(DateMatch match) => match.Kind switch
    {
        DateMatchKind.Valid => match.Date.ToString("yyyy-MM-dd"),
        DateMatchKind.Impossible => "impossible",
        DateMatchKind.Ambiguous => "ambiguous",
        _ => "",
    };
}
