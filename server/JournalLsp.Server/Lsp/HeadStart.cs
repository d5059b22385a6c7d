using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// An engine opened, and its index loading, while the folder is judged (<see cref="FolderServing"/>): the first hover
/// then waits for the load only as long as it outlasts the judging. Begun at <c>initialize</c>, or earlier, from the
/// <c>initialize</c> message read off the input before JSON-RPC runs (<see cref="ReadAheadInput"/>): StreamJsonRpc's
/// own start, 120-160 ms of JIT compiling on the shipped server, then runs beside the load instead of before it
/// (docs/benchmarks.md, "The first hover begun before JSON-RPC runs").
/// </summary>
/// <param name="Folder">The workspace folder.</param>
/// <param name="Settings">The settings it was opened with (<c>initializationOptions</c>).</param>
/// <param name="Opening">The engine, once open, and its index load (entries, ms).</param>
internal sealed record HeadStart(string Folder, ServerSettings Settings, Task<(JournalEngine Engine, Task<(int Entries, long Ms)> Loading)> Opening)
{
    /// <summary>Opens the engine for <paramref name="folder"/> on the thread pool, then loads its index on another.</summary>
    public static HeadStart Begin(string folder, ServerSettings settings, EngineFactory openEngine) => new(folder, settings, Task.Run(() =>
    {
        var engine = openEngine(folder, settings);
        return (engine, Task.Run(() => JournalWorkspace.LoadIndex(engine)));
    }));

    /// <summary>
    /// The head start for a client's first message, where it is an <c>initialize</c> request for a folder whose index
    /// exists (<paramref name="hasIndex"/>) and whose settings leave the judging to its files; else null. A message it
    /// cannot read is left to JSON-RPC, which answers it as it would have; what <paramref name="hasIndex"/> or
    /// <paramref name="openEngine"/> throws costs only the head start (<see cref="ReadAheadInput"/> catches it; the
    /// engine's own failure is <see cref="Opening"/>'s).
    /// </summary>
    public static HeadStart? FromFirstMessage(ReadOnlySpan<byte> message, EngineFactory openEngine, Func<string, ServerSettings, bool> hasIndex)
    {
        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() != "initialize"
                || !root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
                return null;
            // Read by hand, not deserialized: System.Text.Json's serializer for InitializeParams takes ~75 ms of JIT
            // compiling on its first use, as long as the rest of this put together.
            var p = new InitializeParams(
                RootUri: Text(parameters, "rootUri"), RootPath: Text(parameters, "rootPath"),
                // The first folder only, as Initialize reads it: its uri, or null (then the root URI) as deserialised.
                WorkspaceFolders: parameters.TryGetProperty("workspaceFolders", out var folders) && folders.ValueKind == JsonValueKind.Array
                    && folders.GetArrayLength() > 0 && folders[0].ValueKind == JsonValueKind.Object
                    ? [new WorkspaceFolder(Text(folders[0], "uri")!, Text(folders[0], "name") ?? "")]
                    : null,
                InitializationOptions: parameters.TryGetProperty("initializationOptions", out var options) ? options.Clone() : null);
            if ( LspTarget.WorkspaceFolder(p) is not { } folder || !Directory.Exists(folder)) return null;
            var settings = ServerSettings.Default.With(p.InitializationOptions);
            return settings.Enabled is null && hasIndex(folder, settings) ? Begin(folder, settings, openEngine) : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Whether this head start opened the engine that <paramref name="folder"/> and <paramref name="settings"/> open.</summary>
    public bool Opens(string folder, ServerSettings settings) =>
        Folder == folder && Settings.IndexLocation == settings.IndexLocation && Settings.Model == settings.Model
        && Settings.Threads == settings.Threads && Settings.Enabled == settings.Enabled;
}
