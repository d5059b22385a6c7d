using System.Text.RegularExpressions;
using JournalLsp.Core.Journal;

namespace JournalLsp.Server.Tests;

/// <summary>The VS Code client opens and syncs exactly the files the server reads as journal entries.</summary>
public class ClientGlobsTests
{
    [Fact]
    public void The_client_journal_file_globs_are_the_server_journal_formats_globs()
    {
        var protocol = File.ReadAllText(Path.Combine(JournalLsp.Tests.TestData.RepoRoot, "client-vscode", "src", "protocol.ts"));
        var declaration = Regex.Match(protocol, @"export const journalFileGlobs = \[(?<globs>[^\]]*)\]");
        Assert.True(declaration.Success, "journalFileGlobs is declared in client-vscode/src/protocol.ts");
        var globs = Regex.Matches(declaration.Groups["globs"].Value, @"'([^']*)'|""([^""]*)""")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        Assert.Equal(JournalFormats.Globs, globs);
    }
}
