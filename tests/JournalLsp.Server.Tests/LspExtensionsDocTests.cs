using System.Reflection;
using System.Text.RegularExpressions;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Tests;

public class LspExtensionsDocTests
{
    [Fact]
    public void Docs_list_exactly_the_custom_methods_and_commands()
    {
        var doc = File.ReadAllText(Path.Combine(JournalLsp.Tests.TestData.RepoRoot, "docs", "lsp-extensions.md"));
        var documented = Regex.Matches(doc, @"^## `([^`]+)`", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Order();
        var declared = typeof(JournalMethods).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!).Order();
        Assert.Equal(declared, documented);
        // Every method's section carries at least one JSON example.
        Assert.All(doc.Split("\n## `").Skip(1), section => Assert.Contains("```json", section));
    }

    [Fact]
    public void Docs_list_exactly_the_server_settings()
    {
        var doc = File.ReadAllText(Path.Combine(JournalLsp.Tests.TestData.RepoRoot, "docs", "lsp-extensions.md"));
        var table = doc[doc.IndexOf("## Settings", StringComparison.Ordinal)..];
        var documented = Regex.Matches(table, @"^\| `([A-Za-z]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Order();
        var declared = typeof(JournalLsp.Server.Lsp.ServerSettings).GetConstructors().Single().GetParameters()
            .Select(p => char.ToLowerInvariant(p.Name![0]) + p.Name[1..]).Order();
        Assert.Equal(declared, documented);
    }
}
