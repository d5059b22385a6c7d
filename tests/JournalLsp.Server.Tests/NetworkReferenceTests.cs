using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace JournalLsp.Server.Tests;

/// <summary>
/// Fails when a dependency we ship starts to reference the network: every assembly in the server's and the CLI's
/// dependency closure (their .deps.json) is read with System.Reflection.Metadata, and the ones that reference an HTTP
/// client, a socket, DNS or a WebSocket must be exactly the ones listed here, each with why it never runs that code.
/// A new dependency (or an update) that can reach the network has to be looked at and added by hand; the strace tests
/// in <see cref="PrivacyTests"/> prove that none of the listed code runs.
/// </summary>
public sealed class NetworkReferenceTests
{
    private static readonly Dictionary<string, string> Known = new()
    {
        ["Microsoft.SemanticKernel.Core"] = "HttpClient for AI connectors and plugins; we call only TextChunker",
        ["FastBertTokenizer"] = "HttpClient in LoadFromHuggingFaceAsync; we load vocab.txt from the model's resources",
        // ML.NET (Microsoft.ML.Core could fetch resources) no longer ships: it is left out at restore (Directory.Build.props).
        ["StreamJsonRpc"] = "WebSocket transport; we speak over stdio with our own Content-Length handler",
        ["Nerdbank.Streams"] = "WebSocket stream adapter; used by StreamJsonRpc, not by us",
    };

    private static readonly string[] NetworkNamespaces = ["System.Net.Http", "System.Net.Sockets", "System.Net.WebSockets", "System.Net.Quic"];
    private static readonly string[] NetworkTypes = ["System.Net.Dns", "System.Net.WebClient", "System.Net.WebRequest", "System.Net.HttpWebRequest"];

    [Fact]
    public void The_assemblies_we_ship_that_reference_the_network_are_exactly_the_known_ones()
    {
        var shipped = new[] { "journal-lsp-server.deps.json", "journal-lsp.deps.json" }
            .SelectMany(RuntimeAssemblies).Distinct().ToList();
        Assert.Contains("JournalLsp.Indexing", shipped); // the closure was read, not an empty list

        var reaching = shipped
            .Select(name => (name, refs: NetworkReferences(Path.Combine(AppContext.BaseDirectory, name + ".dll"))))
            .Where(a => a.refs.Count > 0)
            .ToDictionary(a => a.name, a => a.refs);
        var unexpected = reaching.Keys.Except(Known.Keys).Select(n => $"{n} references {string.Join(", ", reaching[n].Take(5))}");
        Assert.True(!unexpected.Any(), "new network code in what we ship; check it never runs, then list it here:\n" + string.Join("\n", unexpected));
        Assert.Equal(Known.Keys.Order(), reaching.Keys.Order()); // the list stays true: drop entries that no longer apply
        Assert.DoesNotContain(reaching.Keys, n => n.StartsWith("JournalLsp.", StringComparison.Ordinal));
    }

    // The managed runtime assemblies a .deps.json names (file names without .dll).
    private static IEnumerable<string> RuntimeAssemblies(string depsFile)
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, depsFile)));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        foreach (var library in target.Value.EnumerateObject())
            if (library.Value.TryGetProperty("runtime", out var runtime))
                foreach (var asset in runtime.EnumerateObject())
                    yield return Path.GetFileNameWithoutExtension(asset.Name);
    }

    private static SortedSet<string> NetworkReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var ns = metadata.GetString(type.Namespace);
            var name = $"{ns}.{metadata.GetString(type.Name)}";
            if (NetworkNamespaces.Contains(ns) || NetworkTypes.Contains(name)) found.Add(name);
        }
        return found;
    }
}
