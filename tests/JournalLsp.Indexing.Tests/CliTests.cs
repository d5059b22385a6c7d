using System.Diagnostics;
using System.Text.Json;

namespace JournalLsp.Indexing.Tests;

/// <summary>The command line as other tools call it: a process, its exit code and its --json output.</summary>
[Collection(nameof(PepysCollection))]
public class CliTests(PepysFixture pepys)
{
    private static (int Code, string Stdout, string Stderr) Cli(params string[] args) => CliProcess.Run(null, args);

    private static (int Code, string Stdout, string Stderr) CliIn(string? workingDirectory, params string[] args) =>
        CliProcess.Run(workingDirectory, args);

    // A journal of one day, 2024-03-01, that "broad beans" finds.
    private static TempFolder OneDayJournal()
    {
        var folder = new TempFolder();
        folder.Write("2024-03-01.md", "# 2024-03-01\n\nPlanted the broad beans in the rain.\n");
        return folder;
    }

    [Fact]
    public void Ask_json_prints_one_array_of_results()
    {
        var (code, stdout, stderr) = Cli("ask", "the plague in 1661", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--top", "3", "--json");
        Assert.True(code == 0, stderr);
        var results = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, results.GetArrayLength());
        foreach (var r in results.EnumerateArray())
        {
            Assert.StartsWith("1661-", r.GetProperty("date").GetString());
            Assert.StartsWith("1661/", r.GetProperty("path").GetString());
            Assert.True(r.GetProperty("endLine").GetInt32() >= r.GetProperty("startLine").GetInt32());
            Assert.InRange(r.GetProperty("score").GetDouble(), -1, 1);
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("snippet").GetString()));
        }
    }

    [Fact]
    public void Similar_json_accepts_a_date_and_index_json_reports_the_summary()
    {
        var (code, stdout, stderr) = Cli("similar", "1661-04-23", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--top", "4", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(4, JsonDocument.Parse(stdout).RootElement.GetArrayLength());

        (code, stdout, stderr) = Cli("index", pepys.Journal, "--index", pepys.IndexPath, "--json");
        Assert.True(code == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(721, summary.GetProperty("entries").GetInt32());
        Assert.Equal(0, summary.GetProperty("embedded").GetInt32());
        Assert.Equal(summary.GetProperty("chunks").GetInt32() + summary.GetProperty("windows").GetInt32(), summary.GetProperty("reused").GetInt32());
        Assert.Equal(0, summary.GetProperty("skipped").GetArrayLength());
        Assert.InRange(summary.GetProperty("seconds").GetDouble(), 0.0001, 60); // a real, measured run: not 0, not minutes
        Assert.Equal(summary.GetProperty("files").GetInt32(), summary.GetProperty("entries").GetInt32()); // one day a file
    }

    [Fact]
    public void A_missing_journal_or_unknown_day_is_a_clear_error()
    {
        var (code, _, stderr) = Cli("ask", "anything", "--journal", "/no/such/folder", "--json");
        Assert.Equal(1, code);
        Assert.Contains("journal folder not found", stderr);

        (code, _, stderr) = Cli("similar", "1999-01-01", "--journal", pepys.Journal, "--index", pepys.IndexPath);
        Assert.Equal(1, code);
        Assert.Contains("no entry for 1999-01-01", stderr);

        (code, _, stderr) = Cli("ask", "the plague", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--top", "0");
        Assert.Equal(1, code);
        Assert.Contains("--top expects a number from 1 to 100, got 0", stderr);

        (code, _, stderr) = Cli("index", Path.Combine(pepys.Journal, "1666", "1666-09-02.md"));
        Assert.Equal(1, code);
        Assert.Contains("is a file", stderr);

        // An empty question is an error, not ten days picked by nothing; a date phrase alone lists those days in order.
        (code, _, stderr) = Cli("ask", "  ", "--journal", pepys.Journal, "--index", pepys.IndexPath);
        Assert.Equal(1, code);
        Assert.Contains("error: the question is empty", stderr);
        (code, var stdout, stderr) = Cli("ask", "in 1666", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--top", "2", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(["1666-01-01", "1666-01-02"], JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("date").GetString()));
    }

    [Fact]
    public void A_review_of_a_month_without_entries_says_where_the_journal_ends()
    {
        var (code, stdout, stderr) = Cli("review", "--journal", pepys.Journal, "--index", pepys.IndexPath); // this month: none of 1661 or 1666
        Assert.True(code == 0, stderr);
        Assert.Contains("No entries in this period.", stdout);
        Assert.Contains("the journal's last are in December 1666 (review --from 1666-12-01)", stderr);

        (_, _, stderr) = Cli("review", "--from", "1666-12-01", "--journal", pepys.Journal, "--index", pepys.IndexPath);
        Assert.DoesNotContain("the journal's last are in", stderr); // a period asked for is not second-guessed
    }

    [Fact]
    public void Contradictory_or_impossible_arguments_are_clear_errors_not_empty_lists()
    {
        foreach (var (args, message) in new (string[], string)[]
        {
            (["ask", "the plague", "--from", "1665-06-01", "--to", "1665-01-01"], "--from 1665-06-01 is after --to 1665-01-01"),
            (["similar", "1666-02-30"], "'1666-02-30' is not a day of the calendar"),
            (["similar", "1661-04-23", "--line", "3"], "--line goes with a file, not a day"),
            (["similar", "1661/1661-04-23.md:0"], "the line after ':' counts from 1, got 0"),
            (["similar", "1661-04-23", "--window", "-1"], "--window expects 0 or more days, got -1"),
            (["similar", "1661/1661-04-23.md:3", "--line", "2"], "give the line once"),
            (["ask", "the plague in 1666", "--to", "1665-12-31"], "the question's dates (\"in 1666\") and --from/--to leave no day between them"),
            (["ask", "the plague", "--jurnal", "x"], "unknown option '--jurnal' (to ask about it, quote the whole question)"),
            (["timeline", "fire", "--by-week"], "unknown option '--by-week'"),
        })
        {
            var (code, stdout, stderr) = Cli([.. args, "--journal", pepys.Journal, "--index", pepys.IndexPath]);
            Assert.True(code == 1, $"{string.Join(' ', args)}: exit {code}, {stdout}");
            Assert.Contains(message, stderr);
        }
    }

    [Fact]
    public void A_malformed_storylines_file_is_a_one_line_error_naming_the_line()
    {
        using var folder = OneDayJournal();
        foreach (var (line, message) in new[]
        {
            ("fire\tThe Great Fire", "expected id<TAB>storyline<TAB>dates, got 'fire\tThe Great Fire'"),
            ("fire\tThe Great Fire\t1666-09-02,1666-9-3", "'1666-9-3' in storyline fire is not a yyyy-MM-dd date"),
            ("fire\tThe Great Fire\t ", "storyline fire has no dates"),
        })
        {
            File.WriteAllText(Path.Combine(folder.Path, "storylines.tsv"), $"# id, storyline, days\n{line}\n");
            var (code, stdout, stderr) = CliIn(folder.Path, "eval", "themes", "journal", "storylines.tsv", "--index", folder.IndexPath);
            Assert.True(code == 1, $"{line}: exit {code}, {stdout}{stderr}");
            Assert.StartsWith("error: ", stderr);
            Assert.Contains(message, stderr);
            Assert.DoesNotContain("   at ", stderr); // no stack trace
        }
    }

    [Fact]
    public void Timeline_json_counts_every_month_and_the_fire_peaks_in_September_1666()
    {
        JsonElement Timeline(params string[] args)
        {
            var (code, stdout, stderr) = Cli(["timeline", .. args, "--journal", pepys.Journal, "--index", pepys.IndexPath, "--json"]);
            Assert.True(code == 0, stderr);
            return JsonDocument.Parse(stdout).RootElement;
        }
        // No question: every month from January 1661 to December 1666, the four years the fixture leaves out empty.
        var all = Timeline();
        var bins = all.GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(72, bins.Count);
        Assert.Equal(("1661-01-01", 31), (bins[0].GetProperty("start").GetString(), bins[0].GetProperty("entries").GetInt32()));
        Assert.Equal(("1663-06-01", 0), (bins[29].GetProperty("start").GetString(), bins[29].GetProperty("entries").GetInt32()));
        Assert.All(bins, b => Assert.Equal(0, b.GetProperty("matches").GetInt32()));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("filteredTo").ValueKind);

        // The Great Fire (2-6 September 1666) and its aftermath: the month with the most matching days.
        var fire = Timeline("a", "great", "fire", "in", "London", "in", "1666");
        Assert.Equal("1666", fire.GetProperty("filteredTo").GetString());
        var months = fire.GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(12, months.Count);
        Assert.Equal(365, months.Sum(b => b.GetProperty("entries").GetInt32()));
        Assert.Equal("1666-09-01", months.MaxBy(b => b.GetProperty("matches").GetInt32()).GetProperty("start").GetString());

        var weeks = Timeline("--by", "week", "--from", "1666-09-01", "--to", "1666-09-30").GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(["1666-08-30", "1666-09-06", "1666-09-13", "1666-09-20", "1666-09-27"], weeks.Select(b => b.GetProperty("start").GetString()));
        var (code, _, stderr) = Cli("timeline", "--by", "day", "--journal", pepys.Journal, "--index", pepys.IndexPath);
        Assert.NotEqual(0, code);
        Assert.Contains("week", stderr); // says what --by takes
    }

    [Fact]
    public void Themes_json_prints_each_theme_with_its_days_and_a_passage_from_one_of_them()
    {
        var (code, stdout, stderr) = Cli("themes", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--max", "3", "--json");
        Assert.True(code == 0, stderr);
        var themes = JsonDocument.Parse(stdout).RootElement.GetProperty("themes").EnumerateArray().ToList();
        Assert.Equal(3, themes.Count);
        foreach (var t in themes)
        {
            var days = t.GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToList();
            Assert.Equal(days.Order(StringComparer.Ordinal), days);
            Assert.Equal((days[0], days[^1]), (t.GetProperty("first").GetString(), t.GetProperty("last").GetString()));
            var example = t.GetProperty("example");
            Assert.Contains(example.GetProperty("date").GetString(), days);
            Assert.False(string.IsNullOrWhiteSpace(example.GetProperty("snippet").GetString()));
        }
    }

    [Fact]
    public void An_unquoted_question_and_a_pasted_path_line_ask_what_their_quoted_and_option_forms_ask()
    {
        string Run(params string[] args)
        {
            var (code, stdout, stderr) = Cli([.. args, "--journal", pepys.Journal, "--index", pepys.IndexPath, "--top", "3", "--json"]);
            Assert.True(code == 0, stderr);
            return stdout;
        }
        var quoted = Run("ask", "the plague in 1661");
        Assert.Equal(quoted, Run("ask", "the", "plague", "in", "1661"));
        Assert.Equal(3, JsonDocument.Parse(quoted).RootElement.GetArrayLength());
        var (code, _, stderr) = Cli("ask", "the", "plague", "in", "1661", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--top", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("Filtered to 1661 (\"in 1661\").", stderr); // what the question was understood as

        // The text output prints path:line counted from 1; pasted back, it names the entry --line names from 0.
        using var folder = new TempFolder();
        folder.Write("2024-03.md", "## 2024-03-01\n\nPlanted the broad beans in the rain.\n\n## 2024-03-02\n\nPicked the first broad beans.\n");
        folder.Write("2024-06-20.md", "# 2024-06-20\n\nThe garden is a jungle of beans.\n");
        string[] Dates(params string[] args)
        {
            var (code, stdout, stderr) = CliIn(folder.Path, [.. args, "--journal", folder.Journal, "--index", folder.IndexPath, "--window", "0", "--json"]);
            Assert.True(code == 0, stderr);
            return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("date").GetString()!)];
        }
        var second = Dates("similar", "journal/2024-03.md", "--line", "4"); // 0-based: the 2024-03-02 heading
        Assert.Equal(["2024-03-01", "2024-06-20"], second.Order());
        Assert.Equal(second, Dates("similar", "journal/2024-03.md:5"));
        Assert.Equal(["2024-03-02", "2024-06-20"], Dates("similar", "journal/2024-03.md:4").Order()); // 1-based line 4: still 2024-03-01's
    }

    [Fact]
    public void Index_rebuild_reads_every_file_again_where_a_plain_run_reads_none_and_reuses_the_vectors()
    {
        using var folder = OneDayJournal();
        JsonElement Index(params string[] extra)
        {
            var (code, stdout, stderr) = CliIn(folder.Path, ["index", "journal", "--index", folder.IndexPath, "--json", .. extra]);
            Assert.True(code == 0, stderr);
            return JsonDocument.Parse(stdout).RootElement;
        }
        Assert.Equal(1, Index().GetProperty("embedded").GetInt32());
        // A file read within 2 s of its writing cannot vouch for itself: read once more after that, then not again.
        Thread.Sleep(2_100);
        Index();
        Assert.Equal(0, Index().GetProperty("filesRead").GetInt32());
        var rebuilt = Index("--rebuild");
        Assert.Equal(1, rebuilt.GetProperty("filesRead").GetInt32());
        Assert.Equal(0, rebuilt.GetProperty("embedded").GetInt32());
        Assert.Equal(1, rebuilt.GetProperty("entries").GetInt32());
    }

    [Fact]
    public void Index_writes_the_corpus_file_and_forget_deletes_the_index_with_its_wal_shm_and_corpus_file()
    {
        using var folder = OneDayJournal();
        var (code, _, stderr) = Cli("index", folder.Journal, "--index", folder.IndexPath);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(folder.IndexPath));
        Assert.True(File.Exists(folder.IndexPath + "-corpus"), "index writes the corpus file the next start reads");

        (code, var stdout, stderr) = Cli("forget", "--journal", folder.Journal, "--index", folder.IndexPath, "--json");
        Assert.True(code == 0, stderr);
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(folder.IndexPath, result.GetProperty("indexPath").GetString());
        Assert.Contains(folder.IndexPath, result.GetProperty("deleted").EnumerateArray().Select(p => p.GetString()));
        Assert.All(new[] { "", "-wal", "-shm", "-corpus" }, suffix => Assert.False(File.Exists(folder.IndexPath + suffix)));
        Assert.True(Directory.Exists(Path.GetDirectoryName(folder.IndexPath)), "a folder the user chose stays");

        (code, stdout, stderr) = Cli("forget", "--journal", folder.Journal, "--index", folder.IndexPath, "--json");
        Assert.Equal(0, code);
        Assert.Equal(0, JsonDocument.Parse(stdout).RootElement.GetProperty("deleted").GetArrayLength());
        Assert.Contains("nothing stored", stderr);
    }

    [Fact]
    public void Similar_takes_a_file_relative_to_the_current_folder_or_to_the_journal()
    {
        using var folder = new TempFolder();
        folder.Write("2024/2024-03-01.md", "# 2024-03-01\n\nPlanted the broad beans in the rain.\n");
        folder.Write("2024/2024-06-20.md", "# 2024-06-20\n\nPicked the first broad beans; the garden is a jungle.\n");
        foreach (var file in new[] { "journal/2024/2024-03-01.md", "2024/2024-03-01.md" })
        {
            var (code, stdout, stderr) = CliIn(folder.Path, "similar", file, "--journal", folder.Journal, "--index", folder.IndexPath, "--json");
            Assert.True(code == 0, $"{file}: {stderr}");
            Assert.Equal("2024-06-20", JsonDocument.Parse(stdout).RootElement[0].GetProperty("date").GetString());
        }
    }

    [Fact]
    public void Without_journal_the_folder_comes_from_JOURNAL_DIR_then_the_config_file()
    {
        using var folder = OneDayJournal();
        var config = Path.Combine(folder.Path, "config");
        string[] ask = ["ask", "broad beans", "--index", folder.IndexPath, "--json"];
        var configOnly = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config };
        string? Answer((int Code, string Stdout, string Stderr) run)
        {
            Assert.True(run.Code == 0, run.Stderr);
            return JsonDocument.Parse(run.Stdout).RootElement[0].GetProperty("date").GetString();
        }

        // The variable, relative to the current folder.
        Assert.Equal("2024-03-01", Answer(CliProcess.Run(folder.Path, new Dictionary<string, string?> { ["JOURNAL_DIR"] = "journal", ["XDG_CONFIG_HOME"] = config }, ask)));
        // It wins over a config file that names another journal.
        Directory.CreateDirectory(Path.Combine(config, "journal-lsp"));
        File.WriteAllText(Path.Combine(config, "journal-lsp", "config.json"), "{ \"journal\": \"/no/such/journal\" }");
        Assert.Equal("2024-03-01", Answer(CliProcess.Run(folder.Path, new Dictionary<string, string?> { ["JOURNAL_DIR"] = "journal", ["XDG_CONFIG_HOME"] = config }, ask)));
        File.Delete(Path.Combine(config, "journal-lsp", "config.json"));
        // No variable, no config file: says how to name one.
        var (code, _, stderr) = CliProcess.Run(folder.Path, configOnly, ask);
        Assert.Equal(1, code);
        Assert.Contains($"no journal given: pass --journal <folder>, set JOURNAL_DIR, or write {{ \"journal\": \"<folder>\" }} to {Path.Combine(config, "journal-lsp", "config.json")}", stderr);
        // The config file, relative to its own folder, from any current folder.
        File.WriteAllText(Path.Combine(config, "journal-lsp", "config.json"), "{ \"journal\": \"../../journal\" }");
        Assert.Equal("2024-03-01", Answer(CliProcess.Run(Path.GetTempPath(), configOnly, ask)));
        // A broken one is named, with what was expected.
        File.WriteAllText(Path.Combine(config, "journal-lsp", "config.json"), "{ journal: ");
        (code, _, stderr) = CliProcess.Run(folder.Path, configOnly, ask);
        Assert.Equal(1, code);
        Assert.Contains("config.json is not valid JSON", stderr);
    }

    // The tool as the README packs and installs it: tests/package/tool.test.js (run by npm test).
}

/// <summary>The built CLI as a process: its exit code, stdout and stderr.</summary>
internal static class CliProcess
{
    public static (int Code, string Stdout, string Stderr) Run(string? workingDirectory, params string[] args) =>
        Run(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>Runs the CLI with <paramref name="environment"/> changed (a null value removes the variable).</summary>
    public static (int Code, string Stdout, string Stderr) Run(string? workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "journal-lsp.dll"), .. args], workingDirectory, environment);

    /// <summary>Runs <paramref name="program"/>: its exit code, stdout and stderr.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, string? workingDirectory,
        IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        start.Environment.Remove("JOURNAL_DIR"); // the machine's own default journal must not leak into a test
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // Each command alone, unless a test asks for the daemon (DaemonTests): one left running would hold the
        // tests' files and answer for later builds of the same test folder.
        start.Environment["JOURNAL_LSP_DAEMON"] = "off";
        foreach (var (key, value) in environment)
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
