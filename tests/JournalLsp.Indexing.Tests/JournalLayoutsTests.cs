using System.Globalization;
using JournalLsp.Core.Journal;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// The same twelve real days of Pepys (1666) kept as the tools people come from keep them: an Obsidian vault with its
/// own daily-note format, a Logseq graph, a Dendron vault, a Joplin export, a jrnl text journal, org-roam dailies and an
/// org-journal file. Written by <see cref="Kept"/> from ../shared at test time, never committed. Each must give every
/// day its date, and a question the day answers in the Markdown original finds the same day first.
/// </summary>
public class JournalLayoutsTests(JournalLayoutsTests.Journals journals) : IClassFixture<JournalLayoutsTests.Journals>
{
    /// <summary>Two days a month of 1666, the 3rd and the 15th (a 3rd reads both ways in a day-first numeric date).</summary>
    public static readonly DateOnly[] Days = [.. Enumerable.Range(1, 12).Select(m => new DateOnly(1666, m, m % 2 == 1 ? 3 : 15))];

    public static TheoryData<string> Layouts => [.. Kept.Keys];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_day_is_found_on_its_date(string layout)
    {
        var engine = journals.Engine(layout);
        Assert.Equal(Days.Length, engine.Status().Entries);
        foreach (var day in Days)
        {
            var entry = engine.EntryOn(day);
            Assert.True(entry is not null, $"{layout}: no entry on {day:yyyy-MM-dd}");
            Assert.Contains(Words(Body(day)).Take(6).Last(), entry.Snippet, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_question_finds_the_same_day_first_as_in_the_markdown_original(string layout)
    {
        foreach (var question in Questions)
        {
            var original = journals.Engine("markdown").Ask(question)[0].Date;
            Assert.Equal((question, original), (question, journals.Engine(layout).Ask(question)[0].Date));
        }
    }

    [Fact]
    public void Logseq_properties_and_block_ids_are_not_indexed()
    {
        var answers = journals.Engine("logseq").Ask("collapsed:: true id:: 64f0c6b2 mood:: curious");
        Assert.NotEmpty(answers);
        Assert.DoesNotContain(answers, r => r.Snippet.Contains("::", StringComparison.Ordinal) || r.Snippet.Contains("64f0c6b2", StringComparison.Ordinal));
    }

    [Fact]
    public void Org_drawers_are_not_indexed()
    {
        var answers = journals.Engine("org-roam").Ask("PROPERTIES ID END");
        Assert.NotEmpty(answers);
        Assert.DoesNotContain(answers, r => r.Snippet.Contains(":ID:", StringComparison.Ordinal) || r.Snippet.Contains(":END:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_day_one_export_imports_as_day_files_that_answer_as_the_original_and_a_second_import_adds_nothing()
    {
        using var scratch = new TempFolder();
        var zip = Path.Combine(scratch.Path, "Export.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            // Day One's JSON: UTC creation times (21:00 in London, still the same day), its escapes, one photo.
            var entries = Days.Select(d => new System.Text.Json.Nodes.JsonObject
            {
                ["uuid"] = $"PEPYS{d:yyyyMMdd}",
                ["creationDate"] = $"{d:yyyy-MM-dd}T21:00:00Z",
                ["timeZone"] = "Europe/London",
                ["text"] = Body(d).Replace(".", "\\.", StringComparison.Ordinal) + (d.Month == 9 ? "\n\n![](dayone-moment://0123456789ABCDEF0123)" : ""),
                ["tags"] = new System.Text.Json.Nodes.JsonArray("diary"),
                ["photos"] = d.Month == 9 ? new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                    { ["identifier"] = "0123456789ABCDEF0123", ["md5"] = "d41d8cd98f00b204", ["type"] = "jpeg" }) : null,
            });
            using (var json = new StreamWriter(archive.CreateEntry("Journal.json").Open()))
                json.Write(new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["version"] = "1.0" }, ["entries"] = new System.Text.Json.Nodes.JsonArray([.. entries]) }.ToJsonString());
            using var photo = archive.CreateEntry("photos/d41d8cd98f00b204.jpeg").Open();
            photo.Write([0xFF, 0xD8, 0xFF, 0xD9]);
        }

        var report = JournalImport.Import(zip, ImportSource.DayOne, scratch.Journal);
        Assert.Equal((Days.Length, Days.Length, 0, 1), (report.Files.Count, report.Added, report.AlreadyThere, report.Photos));
        Assert.Contains("1666/1666-09-03.md", report.Files);
        Assert.True(File.Exists(Path.Combine(scratch.Journal, "1666", "photos", "d41d8cd98f00b204.jpeg")));
        Assert.Contains("![](photos/d41d8cd98f00b204.jpeg)", File.ReadAllText(Path.Combine(scratch.Journal, "1666", "1666-09-03.md")), StringComparison.Ordinal);

        using (var engine = scratch.OpenEngine())
        {
            engine.Index();
            foreach (var day in Days) Assert.Contains(Words(Body(day)).Take(6).Last(), engine.EntryOn(day)!.Snippet, StringComparison.Ordinal);
            foreach (var question in Questions)
                Assert.Equal((question, journals.Engine("markdown").Ask(question)[0].Date), (question, engine.Ask(question)[0].Date));
        }

        var again = JournalImport.Import(zip, ImportSource.DayOne, scratch.Journal);
        Assert.Equal((0, Days.Length, 0), (again.Added, again.AlreadyThere, again.Files.Count));
    }

    [Fact]
    public void A_day_one_markdown_export_imports_every_day_on_its_date()
    {
        using var scratch = new TempFolder();
        var export = Path.Combine(scratch.Path, "Journal.md");
        File.WriteAllText(export, string.Concat(Days.Select(d =>
            $"\tDate:\t{d.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)} at 9:00 PM\n\tLocation:\tSeething Lane, London\n\n{Body(d).Replace(".", "\\.", StringComparison.Ordinal)}\n\n")));
        var report = JournalImport.Import(export, ImportSource.DayOne, scratch.Journal);
        Assert.Equal((Days.Length, 0), (report.Added, report.Problems.Count));
        using var engine = scratch.OpenEngine();
        engine.Index();
        foreach (var day in Days) Assert.Contains(Words(Body(day)).Take(6).Last(), engine.EntryOn(day)!.Snippet, StringComparison.Ordinal);
        Assert.Equal(Days.Length, JournalImport.Import(export, ImportSource.DayOne, scratch.Journal).AlreadyThere);
    }

    [Theory]
    [InlineData("[../]YYYY-MM-DD", "outside")]
    [InlineData("YYYY-MM", "does not name a day")]
    public void A_layout_that_names_no_day_in_the_folder_is_refused_before_anything_is_written(string layout, string said)
    {
        using var scratch = new TempFolder();
        var jrnl = Path.Combine(scratch.Path, "journal.txt");
        File.WriteAllText(jrnl, "[1666-09-03 09:00:00 PM] Up by five.\n");
        Assert.Contains(said, Assert.Throws<JournalException>(() => JournalImport.Import(jrnl, ImportSource.Jrnl, scratch.Journal, layout)).Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path, "*.md", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_folder_given_as_the_export_is_a_clear_error()
    {
        using var scratch = new TempFolder();
        Assert.Contains("is a folder", Assert.Throws<JournalException>(() => JournalImport.Import(scratch.Path, ImportSource.DayOne, scratch.Journal)).Message);
    }

    [Fact]
    public void An_import_never_overwrites_a_day_file_it_did_not_write()
    {
        using var scratch = new TempFolder();
        var mine = scratch.Write("1666/1666-09-03.md", "# 1666-09-03\n\nMy own note.\n");
        var jrnl = Path.Combine(scratch.Path, "journal.txt");
        File.WriteAllText(jrnl, $"[1666-09-03 09:00:00 PM] {Body(new DateOnly(1666, 9, 3))}\n");
        var report = JournalImport.Import(jrnl, ImportSource.Jrnl, scratch.Journal);
        Assert.Equal("# 1666-09-03\n\nMy own note.\n", File.ReadAllText(mine));
        Assert.Equal(["1666/1666-09-03 (imported).md"], report.Files);
    }

    private static readonly string[] Questions =
    [
        "my Lady Batten sent a cart to carry away my money and plate",
        "the fleet and the Dutch",
        "at the office all the morning",
        "went to church and heard a sermon",
    ];

    private static string Body(DateOnly day)
    {
        var text = File.ReadAllText(Path.Combine(TestData.Pepys, "daily", day.Year.ToString(CultureInfo.InvariantCulture), $"{day:yyyy-MM-dd}.md"));
        return text.Split("\n\n", 2)[1].TrimEnd();
    }

    private static IEnumerable<string> Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Paragraphs(DateOnly day, Func<string, string> each) => string.Join("\n", Body(day).Split("\n\n").Select(each));

    /// <summary>Each layout: the files (relative path → text) that keep <see cref="Days"/> in it.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IEnumerable<(string Path, string Text)>>> Kept =
        new Dictionary<string, Func<IEnumerable<(string, string)>>>
        {
            ["markdown"] = () => Days.Select(d => ($"{d.Year}/{d:yyyy-MM-dd}.md", $"# {d:yyyy-MM-dd}\n\n{Body(d)}\n")),
            // The Obsidian help's own example format, in a folder of its own; the notes have no date heading.
            ["obsidian"] = () => Days.Select(d => ($"Daily/{d.Year}/{d.ToString("MMMM", CultureInfo.InvariantCulture)}/{d.ToString("yyyy-MMM-dd", CultureInfo.InvariantCulture)}.md", Body(d) + "\n"))
                .Append((".obsidian/daily-notes.json", """{"folder": "Daily", "format": "YYYY/MMMM/YYYY-MMM-DD", "template": ""}""")),
            ["obsidian-day-first"] = () => Days.Select(d => ($"{d:dd-MM-yyyy}.md", Body(d) + "\n"))
                .Append((".obsidian/daily-notes.json", """{"format": "DD-MM-YYYY"}""")),
            // Every paragraph a block with an id; a page property; a collapsed child.
            ["logseq"] = () => Days.Select(d => ($"journals/{d:yyyy_MM_dd}.md",
                    $"mood:: curious\n" + Paragraphs(d, p => $"- {p}\n  id:: 64f0c6b2-{d:MMdd}-4d5e-8f90-123456789abc\n\t- collapsed:: true") + "\n"))
                .Append(("logseq/config.edn", "{:journal/page-title-format \"MMM do, yyyy\"}")),
            // Dendron: the day in the dotted name; created is when the note was made (in 2024), which the name outranks.
            ["dendron"] = () => Days.Select(d => ($"notes/daily.journal.{d:yyyy.MM.dd}.md",
                $"---\nid: a{d:MMdd}\ntitle: '{d:yyyy-MM-dd}'\ndesc: ''\nupdated: 1705312200000\ncreated: 1705312200000\n---\n\n{Body(d)}\n")),
            // Joplin's "Markdown + Front Matter": titled notes, the day in created (UTC, noon).
            ["joplin"] = () => Days.Select(d => ($"Journal/Entry {d.DayNumber}.md",
                $"---\ntitle: Entry {d.DayNumber}\nupdated: 2024-01-15 09:30:00Z\ncreated: {d:yyyy-MM-dd} 12:00:00Z\n---\n\n{Body(d)}\n")),
            ["jrnl"] = () => [("journal.txt", string.Join("\n", Days.Select(d => $"[{d:yyyy-MM-dd} 09:00:00 PM] {Body(d)}\n")))],
            ["org-roam"] = () => Days.Select(d => ($"daily/{d:yyyy-MM-dd}.org",
                $":PROPERTIES:\n:ID: {d:yyyyMMdd}-0000\n:END:\n#+title: {d:yyyy-MM-dd}\n\n{Body(d)}\n")),
            // org-journal's yearly file, its day headings day first as "%A, %d-%m-%Y" writes them.
            ["org-journal"] = () => [("1666.org", string.Join("", Days.Select(d =>
                $"* {d.ToString("dddd", CultureInfo.InvariantCulture)}, {d:dd-MM-yyyy}\n** 21:00\n{Body(d)}\n")))],
        };

    /// <summary>Every layout of <see cref="Kept"/> written to a scratch folder and indexed once, with the shared model.</summary>
    public sealed class Journals : IDisposable
    {
        private readonly Dictionary<string, (TempFolder Folder, JournalEngine Engine)> _journals = [];

        public JournalEngine Engine(string layout)
        {
            lock (_journals)
            {
                if (_journals.TryGetValue(layout, out var made)) return made.Engine;
                var folder = new TempFolder();
                foreach (var (path, text) in Kept[layout]()) folder.Write(path, text);
                var engine = folder.OpenEngine();
                engine.Index();
                _journals[layout] = (folder, engine);
                return engine;
            }
        }

        public void Dispose()
        {
            foreach (var (folder, engine) in _journals.Values)
            {
                engine.Dispose();
                folder.Dispose();
            }
        }
    }
}
