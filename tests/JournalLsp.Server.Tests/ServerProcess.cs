using System.Diagnostics;
using System.Text;
using System.Text.Json;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

/// <summary>
/// The built server as an editor starts it, a process over stdio, optionally under a wrapper command
/// (<c>strace -f …</c>, <c>unshare -n</c>) and with its own environment; a StreamJsonRpc client speaks to it and
/// answers its requests as <see cref="LspTestClient.ClientSide"/>.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly StringBuilder _stderr = new();

    // This process reads the server's stdout and stderr with blocking reads on pool threads: on 2 cores that is the
    // whole pool, and answers waited ~0.5-0.9 s for a thread here, not in the server. A real editor has no such pool.
    static ServerProcess()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completionPorts);
    }

    private ServerProcess(Process process, JsonRpc rpc, LspTestClient.ClientSide side)
    {
        _process = process;
        _rpc = rpc;
        Side = side;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    /// <summary>What the server sent to the client.</summary>
    public LspTestClient.ClientSide Side { get; }

    /// <summary>Everything the process wrote to stderr so far.</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>The server's process id (the wrapper's, when there is one).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The server DLL next to the test assembly.</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "journal-lsp-server.dll");

    /// <summary>Starts <c>[wrapper…] dotnet journal-lsp-server.dll</c>.</summary>
    /// <param name="wrapper">A command line to run the server under, or empty.</param>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static ServerProcess Start(IReadOnlyList<string>? wrapper = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        wrapper ??= [];
        var start = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in wrapper.Skip(1)) start.ArgumentList.Add(arg);
        if (wrapper.Count > 0) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(ServerDll);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = ClientJson.Options };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        var side = new LspTestClient.ClientSide(null);
        rpc.AddLocalRpcTarget(side);
        rpc.StartListening();
        return new ServerProcess(process, rpc, side);
    }

    public Task<T> RequestAsync<T>(string method, object? args, CancellationToken cancellationToken = default) =>
        _rpc.InvokeWithParameterObjectAsync<T>(method, args, cancellationToken);

    public Task NotifyAsync(string method, object? args = null) => _rpc.NotifyWithParameterObjectAsync(method, args);

    /// <summary>initialize (with every client capability the server uses) and initialized.</summary>
    public async Task<JsonElement> InitializeAsync(string folder, object? initializationOptions = null)
    {
        var result = await RequestAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId,
            workspaceFolders = new[] { new { uri = new Uri(folder).AbsoluteUri, name = "journal" } },
            capabilities = LspTestClient.Capabilities(),
            initializationOptions,
        });
        await NotifyAsync("initialized", new { });
        return result;
    }

    /// <summary>Polls <c>journal/status</c> until the first indexing run has ended.</summary>
    public Task<StatusResult> WaitUntilIndexedAsync(int timeoutMs = 300_000) =>
        LspTestClient.WaitUntilIndexedAsync(() => RequestAsync<StatusResult>(JournalMethods.Status, new { }), timeoutMs);

    /// <summary>shutdown, exit, and the process's exit code.</summary>
    public async Task<int> StopAsync()
    {
        await RequestAsync<object?>("shutdown", null);
        return await ExitAsync();
    }

    /// <summary>exit (after a shutdown sent already), and the process's exit code.</summary>
    public async Task<int> ExitAsync()
    {
        await NotifyAsync("exit");
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
