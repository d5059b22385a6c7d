using System.Diagnostics;
using System.Text.Json;
using JournalLsp.Tests;

namespace JournalLsp.Server.Tests;

/// <summary>
/// A real editor end to end: Debian's Emacs 28 with elpa-eglot and elpa-markdown-mode, in batch, set up with the
/// README's <c>eglot-server-programs</c> entry, over the journal the Neovim test uses (1665 and 1666 of Pepys, a git
/// root so eglot serves the whole journal). tests/e2e/emacs/journal.el drives it and writes what it saw.
/// </summary>
public sealed class EmacsEndToEndTests
{
    [Fact]
    public async Task Eglot_gets_the_hover_related_days_as_references_a_question_as_apropos_the_code_actions_and_a_dates_definition()
    {
        EndToEnd.Install("install-emacs.sh");
        var (root, journal) = EndToEnd.PepysJournal();
        var home = Directory.CreateTempSubdirectory("journal-lsp-emacs-").FullName;
        var output = Path.Combine(home, "result.json");
        try
        {
            var start = new ProcessStartInfo("emacs") { WorkingDirectory = home };
            foreach (var arg in new[] { "--batch", "-l", Path.Combine(TestData.RepoRoot, "tests", "e2e", "emacs", "journal.el") })
                start.ArgumentList.Add(arg);
            start.Environment["HOME"] = home; // no ~/.emacs.d of the person running the tests
            start.Environment["JOURNAL_FILE"] = Path.Combine(journal, "1666", "1666-09-02.md");
            start.Environment["JOURNAL_SERVER_DLL"] = Path.Combine(AppContext.BaseDirectory, "journal-lsp-server.dll");
            start.Environment["JOURNAL_INDEX"] = Path.Combine(root, "index");
            start.Environment["JOURNAL_OUT"] = output;
            await EndToEnd.RunEditorAsync(start);

            var result = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
            static string[] Files(JsonElement list) => [.. list.EnumerateArray().Select(f => f.GetString()!)];
            Assert.Equal(journal.TrimEnd('/') + "/", result.GetProperty("project").GetString()); // the whole journal, not 1666/
            Assert.Equal(365 + 365, result.GetProperty("entries").GetInt32());
            Assert.StartsWith("**Related days**", result.GetProperty("hover").GetString()); // markdown-mode renders Markdown
            // M-?: related days, later days of the fire among them; never the day itself.
            var references = Files(result.GetProperty("references"));
            Assert.Contains(references, f => string.CompareOrdinal(f, "1666-09-06.md") >= 0 && f.StartsWith("1666-", StringComparison.Ordinal));
            Assert.DoesNotContain("1666-09-02.md", references);
            // C-M-. "the plague in the city": the journal asked; 1665, the plague year, comes first.
            Assert.StartsWith("1665-", Files(result.GetProperty("apropos"))[0]);
            Assert.Equal(["Find similar days", "On this day (09-02) in earlier years"], Files(result.GetProperty("codeActions")));
            // M-. on "1666-09-05" written in the entry: that day.
            Assert.Equal(["1666-09-05.md"], Files(result.GetProperty("definition")));
        }
        finally
        {
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }
}
