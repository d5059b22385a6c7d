using System.Diagnostics;
using System.Text.Json;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Tests;

/// <summary>The built server as an editor starts it: a process speaking LSP over stdin/stdout.</summary>
public sealed class StdioProcessTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-stdio-").FullName;

    [Fact]
    public async Task The_server_process_speaks_only_protocol_frames_on_stdout_and_exits_0_after_shutdown()
    {
        var journal = Directory.CreateDirectory(Path.Combine(_scratch, "journal")).FullName;
        File.WriteAllText(Path.Combine(journal, "2024-03-01.md"), "# 2024-03-01\n\nPlanted the broad beans in the rain.\n");
        File.WriteAllText(Path.Combine(journal, "2024-06-20.md"), "# 2024-06-20\n\nPicked the first broad beans; the garden is a jungle.\n");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "journal-lsp-server.dll"));
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdin = process.StandardInput.BaseStream;
        var reader = new FrameReader(process.StandardOutput.BaseStream);
        try
        {
            await Frames.SendAsync(stdin, new
            {
                jsonrpc = "2.0", id = 1, method = "initialize",
                @params = new
                {
                    processId = Environment.ProcessId, rootUri = new Uri(journal).AbsoluteUri, capabilities = new { },
                    initializationOptions = new { indexLocation = Path.Combine(_scratch, "index") },
                },
            });
            var init = await reader.NextAsync();
            Assert.Equal("journal-lsp", init.RootElement.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
            await Frames.SendAsync(stdin, new { jsonrpc = "2.0", method = "initialized", @params = new { } });

            JsonElement status;
            var id = 2;
            do
            {
                await Task.Delay(200);
                await Frames.SendAsync(stdin, new { jsonrpc = "2.0", id = id++, method = JournalMethods.Status, @params = new { } });
                status = (await reader.NextAsync()).RootElement.GetProperty("result");
            } while (status.GetProperty("indexing").GetBoolean() || !status.TryGetProperty("lastIndexedAt", out _));
            Assert.Equal(2, status.GetProperty("entries").GetInt32());
            Assert.Equal(Path.Combine(_scratch, "index", Indexing.IndexLocation.IndexFileName(null)), status.GetProperty("indexPath").GetString());

            await Frames.SendAsync(stdin, new
            {
                jsonrpc = "2.0", id = 100, method = JournalMethods.Similar,
                @params = new { textDocument = new { uri = new Uri(Path.Combine(journal, "2024-03-01.md")).AbsoluteUri }, position = new { line = 2, character = 3 } },
            });
            // Two days are too few to call anything related; the other day is still listed as the closest.
            var similar = (await reader.NextAsync()).RootElement.GetProperty("result");
            Assert.Equal(("2024-06-20", false), (similar[0].GetProperty("date").GetString(), similar[0].GetProperty("related").GetBoolean()));

            await Frames.SendAsync(stdin, new { jsonrpc = "2.0", id = 101, method = "shutdown" });
            Assert.Equal(101, (await reader.NextAsync()).RootElement.GetProperty("id").GetInt32());
            await Frames.SendAsync(stdin, new { jsonrpc = "2.0", method = "exit" });
            Assert.True(process.WaitForExit(15_000), "the server did not exit");
            Assert.Equal(0, process.ExitCode);
            // Nothing but frames on stdout: after exit the stream is at its end, no stray text.
            Assert.Equal(-1, process.StandardOutput.BaseStream.ReadByte());
            // Once initialized, logs reach the client as window/logMessage, not as stray text; the rest is status.
            Assert.All(reader.Notifications, n => Assert.Contains(n.RootElement.GetProperty("method").GetString(), new[] { "window/logMessage", JournalMethods.DidChangeStatus }));
            Assert.Contains(reader.Notifications, n => n.RootElement.GetProperty("params").TryGetProperty("message", out var m) && m.GetString()!.StartsWith("indexed 2 entries"));
            Assert.DoesNotContain("Content-Length", await stderr);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
