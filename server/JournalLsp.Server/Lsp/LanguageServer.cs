using System.Diagnostics.CodeAnalysis;
using JournalLsp.Indexing;
using JournalLsp.Indexing.Embeddings;
using StreamJsonRpc;

namespace JournalLsp.Server.Lsp;

/// <summary>Runs the LSP over a pair of streams (stdio in production, in-memory pipes in tests).</summary>
public static class LanguageServer
{
    /// <summary>Serves until <c>exit</c> or the end of input; returns the exit code (0 after <c>shutdown</c>, else 1).</summary>
    /// <param name="input">Messages from the client.</param>
    /// <param name="output">Messages to the client: only protocol frames ever go here.</param>
    /// <param name="openEngine">Opens the engine for a journal folder (tests point the index at a scratch file).</param>
    /// <param name="hasIndex">Whether <paramref name="openEngine"/> would find its index already there, so it may open
    /// and load it while the folder is judged; null for <see cref="HasIndex"/> with the production engine and for no
    /// head start with another.</param>
    public static async Task<int> RunAsync(Stream input, Stream output, EngineFactory? openEngine = null, Func<string, ServerSettings, bool>? hasIndex = null)
    {
        hasIndex ??= openEngine is null ? HasIndex : null;
        openEngine ??= OpenEngine;
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The initialize message read while JSON-RPC is set up, and the index's load begun from it (HeadStart).
        Task<HeadStart?>? early = null;
        if (hasIndex is not null)
        {
            var begun = new TaskCompletionSource<HeadStart?>();
            var engines = openEngine;
            input = new ReadAheadInput(input, message => begun.TrySetResult(HeadStart.FromFirstMessage(message.Span, engines, hasIndex)));
            early = begun.Task;
        }
        var formatter = NewFormatter();
        using var rpc = new JsonRpc(new LspMessageHandler(output, input, formatter));
        var client = new LspClient(rpc);
        var target = new LspTarget(openEngine, client, exit, hasIndex, early);
        rpc.AddLocalRpcTarget(TargetMetadata(), target, new JsonRpcTargetOptions { DisposeOnDisconnect = true });
        rpc.StartListening();
        try
        {
            var finished = await Task.WhenAny(exit.Task, rpc.Completion);
            if (finished == exit.Task) return exit.Task.Result;
            // The client went away without exit: stop background indexing and close the index cleanly.
            target.Abandon();
            return 1;
        }
        finally
        {
            client.WriteHeldToStderr();
        }
    }

    // StreamJsonRpc marks this formatter "not hardened against dynamic code": its own envelope is written by hand,
    // and every type it reads or writes for us goes through LspJson.Options, whose contracts are generated at build
    // time (LspJsonContext). tests/package/server.test.js runs the Native AOT build through a whole session.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Messages' contracts are generated: LspJsonContext.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Messages' contracts are generated: LspJsonContext.")]
    private static SystemTextJsonFormatter NewFormatter() => new() { JsonSerializerOptions = Protocol.LspJson.Options };

    // The methods LSP calls, found by reflection over LspTarget (which the trimmer keeps whole: FromClass asks for its
    // members). "Closes generic types at runtime": a Task<T> result is read through its T, and every T here is a
    // class, whose code Native AOT shares and has compiled. tests/package/server.test.js calls each kind of method.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Every result type of LspTarget is a reference type.")]
    private static RpcTargetMetadata TargetMetadata() => RpcTargetMetadata.FromClass(typeof(LspTarget));

    /// <summary>
    /// The production engine for the settings' model (an id of <see cref="EmbeddingModelInfo.Known"/>) and threads: the
    /// index at the settings' index location (a .db file, or a folder to hold the model's index file,
    /// <see cref="IndexLocation.IndexFileName"/>; ~ expands to the home folder) or, when null, in the per-user cache
    /// folder.
    /// </summary>
    /// <exception cref="ArgumentException">When the model is not a shipped one.</exception>
    public static JournalEngine OpenEngine(string journalFolder, ServerSettings settings)
    {
        var info = Model(settings);
        return JournalEngine.Open(new JournalEngineOptions { JournalFolder = journalFolder, IndexPath = IndexPath(journalFolder, settings, info), Model = info, Threads = settings.Threads });
    }

    /// <summary>
    /// Whether <see cref="OpenEngine"/> would open an index file that already exists (so it creates no index where there
    /// was none); false where it would fail instead, for a model that is not a shipped one.
    /// </summary>
    public static bool HasIndex(string journalFolder, ServerSettings settings)
    {
        var info = settings.Model is { } id ? EmbeddingModelInfo.TryFind(id) : EmbeddingModelInfo.Default;
        return info is not null && File.Exists(IndexPath(journalFolder, settings, info) ?? IndexLocation.DefaultIndexPath(journalFolder, info));
    }

    private static EmbeddingModelInfo Model(ServerSettings settings) =>
        settings.Model is { } id ? EmbeddingModelInfo.Find(id) : EmbeddingModelInfo.Default;

    // The settings' index location as a file: a .db, or a folder holding the model's index file; null for the default.
    private static string? IndexPath(string journalFolder, ServerSettings settings, EmbeddingModelInfo info)
    {
        if (settings.IndexLocation is not { } indexLocation) return null;
        if (indexLocation.StartsWith('~'))
            indexLocation = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + indexLocation[1..];
        var full = Path.GetFullPath(indexLocation, journalFolder);
        return full.EndsWith(".db", StringComparison.OrdinalIgnoreCase) ? full : Path.Combine(full, IndexLocation.IndexFileName(info));
    }
}
