using System.Diagnostics;
using System.Text;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// Hostile and broken input, each case a file beside a small, good journal (docs/reliability.md lists them): the
/// engine indexes what it can, skips or bounds the rest with a reason in the status, and loses nothing else.
/// </summary>
public class HostileInputTests
{
    private static string Day(string date, string text) => $"# {date}\n\n{text}\n";

    // The good journal every case sits beside: each day must still be found afterwards.
    private static readonly (string Path, string Date, string Text, string Question)[] s_good =
    [
        ("2023/2023-05-01.md", "2023-05-01", "Climbed the ridge at sunrise and felt truly alive; the valley glowed gold below us.", "climbing a ridge at sunrise"),
        ("2023/2023-05-02.md", "2023-05-02", "Filed my taxes and sorted receipts all afternoon. Tedious but done.", "doing my taxes"),
        ("2023/2023-05-03.md", "2023-05-03", "Baked bread with Mia; the kitchen smelled wonderful.", "baking bread"),
    ];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and byte file names are Unix's
    public void Every_hostile_file_is_indexed_bounded_or_skipped_with_a_reason_and_the_good_days_are_all_kept()
    {
        using var folder = new TempFolder();
        var j = folder.Journal;
        foreach (var g in s_good) folder.Write(g.Path, Day(g.Date, g.Text));
        var paragraph = "The river was high and we walked along it to the old mill, talking of the summer. ";

        // Too big: skipped without being read.
        using (var big = new StreamWriter(Path.Combine(j, "huge.md")))
        {
            big.Write("# 2021-01-01\n\n");
            while (big.BaseStream.Length < 20L * 1024 * 1024) big.Write(paragraph + "\n\n");
        }
        // 200,000 one-word lines (1.4 MB): indexed in bounded chunks.
        folder.Write("lines.md", "# 2021-02-01\n\n" + string.Concat(Enumerable.Repeat("word\n", 200_000)));
        // A binary file named .md (a PNG's header and bytes).
        File.WriteAllBytes(Path.Combine(j, "picture.md"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        // Invalid UTF-8.
        File.WriteAllBytes(Path.Combine(j, "latin1.md"), [.. "# 2021-03-01\n\nCaf"u8, 0xE9, .. " au lait, tr"u8, 0xE8, .. "s bon.\n"u8]);
        // Front matter: a "billion laughs" alias bomb, and 10,000 keys.
        var laughs = new StringBuilder("---\nlol0: &a0 \"lol\"\n");
        for (var i = 1; i < 10; i++) laughs.Append($"lol{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        folder.Write("laughs.md", laughs + "date: 2021-04-01\n---\n\nA day whose front matter is a bomb of aliases.\n");
        folder.Write("keys.md", "---\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"key{i}: value {i}\n")) + "date: 2021-04-02\n---\n\nA day with ten thousand keys above it.\n");
        // 10,000 levels of nested list and of block quote.
        folder.Write("nested-list.md", "# 2021-05-01\n\n" + string.Concat(Enumerable.Repeat("- ", 10_000)) + "the deepest item of a list\n");
        folder.Write("nested-quote.md", "# 2021-05-02\n\n" + new string('>', 10_000) + " a quote within quotes\n");
        // Dates that do not exist.
        folder.Write("2019-02-30.md", "A day that never was.\n");
        folder.Write("zero.md", "# 0000-01-01\n\nThe year zero.\n");
        // One line of 50,000 characters.
        folder.Write("one-line.md", "# 2021-06-01\n\n" + string.Concat(Enumerable.Repeat("abcdefghi ", 5_000)) + "\n");
        // A NUL in the middle of text: dropped, the text after it kept.
        folder.Write("nul.md", "# 2021-07-01\n\nBefore the stray byte.\0 After it, a heron stood in the shallows of the pond.\n");
        // CRLF and lone CR line endings.
        folder.Write("crlf.md", "# 2021-08-01\r\n\r\nWindows line endings, a day at the seaside.\r\n\r\n# 2021-08-02\r\n\r\nAnd the next day.\r\n");
        folder.Write("cr.md", "# 2021-09-01\r\rOld Mac line endings, a day in the orchard.\r\r# 2021-09-02\r\rThe day after.\r");
        // A symbolic link loop, and a file name with a newline and an invalid UTF-8 byte.
        Directory.CreateSymbolicLink(Path.Combine(j, "loop"), j);
        Shell($"printf '# 2021-10-01\\n\\nA strangely named day.\\n' > \"$(printf '%s/odd\\nname\\377.md' '{j}')\"");
        // A folder without read permission (as root it can be read all the same: then its day is indexed).
        folder.Write("locked/2021-11-01.md", Day("2021-11-01", "A day in a folder that may not be read."));
        File.SetUnixFileMode(Path.Combine(j, "locked"), UnixFileMode.None);
        var root = Environment.UserName == "root";
        try
        {
            using var engine = folder.OpenEngine();
            var clock = Stopwatch.StartNew();
            var summary = engine.Index();
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"indexing took {clock.Elapsed}");
            var status = engine.Status();
            var skipped = status.Skipped.ToDictionary(s => s.Path, s => s.Reason);
            var warnings = status.Warnings.ToLookup(w => w.Path, w => w.Warning);
            string Report() => string.Join("\n", status.Skipped.Select(s => $"skipped {s.Path}: {s.Reason}").Concat(status.Warnings.Select(w => $"warning {w.Path}: {w.Warning}")));

            Assert.Contains("MB", skipped["huge.md"]);
            Assert.Contains("binary", skipped["picture.md"]);
            Assert.Contains(warnings["latin1.md"], w => w.Contains("UTF-8"));
            Assert.Contains(warnings["nul.md"], w => w.Contains("NUL"));
            Assert.Contains(warnings["nested-quote.md"], w => w.Contains("line by line"));
            Assert.Contains(warnings["zero.md"], w => w.Contains("does not exist"));
            Assert.Contains(warnings["2019-02-30.md"], w => w.Contains("does not exist"));
            if (root) Assert.DoesNotContain("locked/", skipped.Keys);
            else Assert.Contains("permission", skipped["locked/"]);
            // The odd name cannot be opened by the name .NET decodes (U+FFFD for the byte): reported, not lost silently.
            Assert.Single(skipped, s => s.Key.StartsWith("odd\nname", StringComparison.Ordinal));
            Assert.True(skipped.Count == (root ? 3 : 4), Report());

            // Every good day, and the days inside the odd files, are found.
            foreach (var g in s_good)
                Assert.Equal(DateOnly.Parse(g.Date), engine.Ask(g.Question, new AskOptions(Top: 1)).Single().Date);
            Assert.Contains(engine.Ask("a heron in the shallows", new AskOptions(Top: 3)), r => r.Path == "nul.md" && r.Snippet.Contains("heron"));
            Assert.Contains(engine.Ask("café au lait", new AskOptions(Top: 3)), r => r.Path == "latin1.md");
            Assert.Contains(engine.Ask("a quote within quotes", new AskOptions(Top: 3)), r => r.Path == "nested-quote.md" && r.Date == new DateOnly(2021, 5, 2));
            Assert.Contains(engine.Ask("the deepest item of a list", new AskOptions(Top: 3)), r => r.Path == "nested-list.md");
            Assert.Contains(engine.Ask("aliases bomb front matter", new AskOptions(Top: 3)), r => r.Path == "laughs.md" && r.Date == new DateOnly(2021, 4, 1));
            Assert.Contains(engine.Ask("ten thousand keys", new AskOptions(Top: 3)), r => r.Path == "keys.md" && r.Date == new DateOnly(2021, 4, 2));
            var crlf = engine.Ask("a day at the seaside", new AskOptions(Top: 1)).Single();
            Assert.Equal(("crlf.md", new DateOnly(2021, 8, 1), 0), (crlf.Path, crlf.Date!.Value, crlf.EntryStartLine));
            var cr = engine.Ask("a day in the orchard", new AskOptions(Top: 1)).Single();
            Assert.Equal(("cr.md", new DateOnly(2021, 9, 1), 0), (cr.Path, cr.Date!.Value, cr.EntryStartLine));
            Assert.Equal(4, engine.OnThisDay(new DateOnly(2022, 8, 2)).Single().EntryStartLine); // lone CR counts lines too

            // Bounded: no chunk is longer than the model's 256 tokens, however long the line or deep the nesting.
            using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={folder.IndexPath};Mode=ReadOnly;Pooling=false"))
            {
                db.Open();
                using var longest = db.CreateCommand();
                longest.CommandText = "SELECT max(token_count) FROM chunks";
                Assert.InRange(Convert.ToInt32(longest.ExecuteScalar()), 1, 256);
            }
            Assert.True(status.Entries >= s_good.Length + 14, Report());
            Assert.Equal(0, engine.Index().Embedded); // and nothing is retried at the next run
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(j, "locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_file_gone_between_listing_and_reading_is_reported_not_thrown()
    {
        using var folder = new TempFolder();
        var file = JournalFiles.Read(folder.Journal, "gone.md", 1 << 20);
        Assert.Null(file.Text);
        Assert.Contains("could not be read", file.SkipReason);
    }

    private static void Shell(string command)
    {
        using var sh = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } })!;
        sh.WaitForExit();
        Assert.Equal(0, sh.ExitCode);
    }
}
