using System.Diagnostics;
using System.Text.Json;
using JournalLsp.Tests;

namespace JournalLsp.Server.Tests;

/// <summary>
/// A real editor end to end: Debian's Neovim (0.7.2) headless, its built-in LSP client starting the built server over
/// stdio as editors/neovim/journal.lua (the README's set-up) does, on a workspace holding two years (1665 and 1666) of the Pepys diary copied from ../shared. The workspace and
/// index live under .cache/e2e/pepys (git-ignored; the VS Code test uses the same) so a second run reuses the
/// embeddings; a fresh clone builds them (~40 s).
/// </summary>
public sealed class NeovimEndToEndTests
{
    [Fact]
    public async Task Neovim_gets_fire_aftermath_in_the_hover_a_related_days_lens_only_1665_for_the_plague_and_its_own_functions_reach_the_journal()
    {
        EndToEnd.Install("install-neovim.sh");
        var (root, journal) = EndToEnd.PepysJournal();
        var home = Directory.CreateTempSubdirectory("journal-lsp-nvim-").FullName;
        var output = Path.Combine(home, "result.json");
        try
        {
            var start = new ProcessStartInfo("nvim");
            foreach (var arg in new[] { "--headless", "--clean", "-i", "NONE", "-c", "luafile " + Path.Combine(TestData.RepoRoot, "tests", "e2e", "neovim", "journal.lua") })
                start.ArgumentList.Add(arg);
            // Neovim writes its log and state under XDG folders: keep them out of the real home.
            foreach (var xdg in new[] { "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME" })
                start.Environment[xdg] = Path.Combine(home, xdg);
            start.Environment["JOURNAL_FILE"] = Path.Combine(journal, "1666", "1666-09-02.md");
            start.Environment["JOURNAL_ROOT"] = journal;
            start.Environment["JOURNAL_SERVER_DLL"] = Path.Combine(AppContext.BaseDirectory, "journal-lsp-server.dll");
            start.Environment["JOURNAL_INDEX"] = Path.Combine(root, "index");
            start.Environment["JOURNAL_OUT"] = output;
            start.Environment["JOURNAL_REPO"] = TestData.RepoRoot; // editors/neovim/journal.lua, the README's set-up
            await EndToEnd.RunEditorAsync(start);

            var result = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
            Assert.Equal(365 + 365, result.GetProperty("status").GetProperty("entries").GetInt32());

            // Hover inside the entry: related days include a later day of the fire or its aftermath (6 September on).
            var hover = result.GetProperty("hover").GetProperty("contents").GetProperty("value").GetString()!;
            Assert.StartsWith("**Related days**", hover);
            var dates = System.Text.RegularExpressions.Regex.Matches(hover, @"\[(1\d{3}-\d{2}-\d{2})").Select(m => DateOnly.Parse(m.Groups[1].Value)).ToList();
            Assert.Contains(dates, d => d >= new DateOnly(1666, 9, 6));

            // A code lens with related days, whose command lists them.
            var lenses = result.GetProperty("lenses").EnumerateArray().ToList();
            var related = Assert.Single(lenses, l => l.GetProperty("command").GetString() == "journal.findSimilarDays");
            Assert.Matches(@"^\d+ related days?$", related.GetProperty("title").GetString());
            Assert.Contains(lenses, l => l.GetProperty("title").GetString() == "On this day: 1665");
            Assert.NotEmpty(result.GetProperty("lensRun").EnumerateArray());

            // journal.ask "in 1665 the plague": only 1665.
            var ask = result.GetProperty("ask").EnumerateArray().ToList();
            Assert.NotEmpty(ask);
            Assert.All(ask, r => Assert.StartsWith("1665-", r.GetProperty("date").GetString()));

            // Neovim's own functions, set up by editors/neovim/journal.lua: each result lands in the quickfix list.
            static List<string> Files(JsonElement list) =>
                [.. list.GetProperty("items").EnumerateArray().Select(i => Path.GetFileName(i.GetProperty("file").GetString()!))];
            var lensRun = result.GetProperty("codelensRun");
            Assert.Equal("Similar days", lensRun.GetProperty("title").GetString()); // the lens's command did something
            Assert.NotEmpty(Files(lensRun));
            Assert.DoesNotContain("1666-09-02.md", Files(lensRun));
            var references = Files(result.GetProperty("references"));
            Assert.NotEmpty(references);
            Assert.DoesNotContain("1666-09-02.md", references);
            Assert.Contains(Files(result.GetProperty("workspaceSymbol")), f => f.StartsWith("1665-", StringComparison.Ordinal));
            Assert.Equal(["Find similar days", "On this day (09-02) in earlier years"], result.GetProperty("codeActions").EnumerateArray().Select(a => a.GetString()));
            var onThisDay = result.GetProperty("codeActionRun");
            Assert.Equal("On this day", onThisDay.GetProperty("title").GetString());
            Assert.Equal(["1665-09-02.md"], Files(onThisDay));
            Assert.EndsWith("1666-09-05.md", result.GetProperty("definition").GetProperty("file").GetString());
            Assert.Equal(1, result.GetProperty("definition").GetProperty("line").GetInt32());
        }
        finally
        {
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }
}
