using System.Diagnostics;
using JournalLsp.Tests;

namespace JournalLsp.Server.Tests;

/// <summary>What the real-editor tests share: the editor installed, and two years of Pepys as the journal.</summary>
internal static class EndToEnd
{
    /// <summary>Runs tests/e2e/<paramref name="script"/>, which installs the editor when it is missing (as root).</summary>
    public static void Install(string script)
    {
        var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestData.RepoRoot, "tests", "e2e", script)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var error = install.StandardError.ReadToEndAsync();
        install.StandardOutput.ReadToEnd();
        install.WaitForExit();
        Assert.True(install.ExitCode == 0, $"{script} failed: " + error.Result);
    }

    /// <summary>
    /// 1665 and 1666 of the diary copied (when newer) under .cache/e2e/pepys/journal, its index beside it in
    /// .cache/e2e/pepys/index (git-ignored; the editors' tests share it, so a second run embeds nothing), and the
    /// journal a git root, as the README tells eglot and Helix users to make it.
    /// </summary>
    public static (string Root, string Journal) PepysJournal()
    {
        var root = Path.Combine(TestData.RepoRoot, ".cache", "e2e", "pepys");
        var journal = Path.Combine(root, "journal");
        foreach (var year in new[] { "1665", "1666" })
        {
            var target = Directory.CreateDirectory(Path.Combine(journal, year)).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", year)))
            {
                var copy = Path.Combine(target, Path.GetFileName(file));
                if (!File.Exists(copy) || File.GetLastWriteTimeUtc(copy) < File.GetLastWriteTimeUtc(file)) File.Copy(file, copy, overwrite: true);
            }
        }
        if (!Directory.Exists(Path.Combine(journal, ".git")))
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", journal, "init", "-q"]) { RedirectStandardError = true })!;
            git.WaitForExit();
            Assert.True(git.ExitCode == 0, "git init failed: " + git.StandardError.ReadToEnd());
        }
        return (root, journal);
    }

    /// <summary>
    /// Runs an editor headless (stdin closed) until it exits, ten minutes at most (then killed), and fails the test
    /// with its output unless it exits 0.
    /// </summary>
    public static async Task RunEditorAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = start.RedirectStandardInput = true;
        using var editor = Process.Start(start)!;
        editor.StandardInput.Close();
        var stderr = editor.StandardError.ReadToEndAsync();
        var stdout = editor.StandardOutput.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)))
        {
            try { await editor.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { editor.Kill(entireProcessTree: true); }
        }
        Assert.True(editor.ExitCode == 0, $"{start.FileName} exited {editor.ExitCode}: {await stderr} {await stdout}");
    }
}
