using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using JournalLsp.Server.Protocol;
using Xunit.Abstractions;

namespace JournalLsp.Server.Tests;

/// <summary>
/// The protocol under abuse, against a server process on stdio: thousands of random and mutated frames, broken
/// framing, a 50 MB frame, requests after shutdown, and a burst of 2,000 edits. The server answers each request it
/// can read, keeps serving valid ones afterwards, and stays within bounded memory.
/// </summary>
public sealed class ProtocolFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-fuzz-").FullName;

    private string Journal()
    {
        var journal = Directory.CreateDirectory(Path.Combine(_scratch, "journal", "1666")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1666"), "1666-09-*.md"))
            File.Copy(file, Path.Combine(journal, Path.GetFileName(file)));
        return Path.GetDirectoryName(journal)!;
    }

    [Fact]
    public async Task Thousands_of_random_and_broken_frames_are_answered_or_skipped_and_valid_requests_are_served_after()
    {
        var folder = Journal();
        var day = Path.Combine(folder, "1666", "1666-09-02.md");
        var uri = new Uri(day).AbsoluteUri;
        using var server = Start();
        var input = server.StandardInput.BaseStream;
        var responses = new ConcurrentDictionary<string, JsonElement>();
        var parseErrors = 0;
        var reader = new FrameReader(server.StandardOutput.BaseStream);
        var reading = Task.Run(async () =>
        {
            while (true)
            {
                var frame = (await reader.NextFrameAsync()).RootElement.Clone(); // strict: only well-formed frames may come back
                if (frame.TryGetProperty("method", out _)) continue;        // a notification or a request to the client
                Assert.True(frame.TryGetProperty("result", out _) ^ frame.TryGetProperty("error", out _), frame.ToString());
                var id = frame.GetProperty("id");
                if (id.ValueKind == JsonValueKind.Null) Interlocked.Increment(ref parseErrors);
                else responses[id.ToString()] = frame;
            }
        });
        async Task Send(string body, string? header = null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            await input.WriteAsync(Encoding.ASCII.GetBytes(header ?? $"Content-Length: {bytes.Length}\r\n\r\n"));
            await input.WriteAsync(bytes);
            await input.FlushAsync();
        }
        async Task<JsonElement> Answer(string id, TimeSpan? within = null)
        {
            var clock = Stopwatch.StartNew();
            while (!responses.ContainsKey(id) && clock.Elapsed < (within ?? TimeSpan.FromSeconds(60)) && !reading.IsCompleted) await Task.Delay(20);
            if (reading.IsFaulted) await reading;
            Assert.True(responses.TryGetValue(id, out var answer), $"no answer to {id}; stderr: {Tail(_stderr)}");
            return answer;
        }
        string Request(object id, string method, object? @params) =>
            JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params });

        await Send(Request("init", "initialize", new { processId = Environment.ProcessId, rootUri = new Uri(folder).AbsoluteUri, capabilities = new { } }));
        await Answer("init");
        await Send("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        await Send(JsonSerializer.Serialize(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri, languageId = "markdown", version = 1, text = File.ReadAllText(day) } } }));

        // 1. Bodies: valid requests with random and hostile params, and broken JSON, in well-formed frames.
        var random = new Random(12);
        var methods = new[] { "textDocument/hover", "textDocument/codeLens", JournalMethods.Search, JournalMethods.Similar, JournalMethods.Status,
            "workspace/executeCommand", "codeLens/resolve", "no/such/method", "textDocument/didChange", "$/cancelRequest", "initialize" };
        object Hostile() => random.Next(12) switch
        {
            0 => int.MaxValue, 1 => -1, 2 => 1e300, 3 => "not a number", 4 => new[] { 1, 2 }, 5 => new { }, 6 => null!,
            7 => long.MaxValue, 8 => new string('x', random.Next(1, 5000)), 9 => true, 10 => 3, _ => -2147483649L,
        };
        object Params(string method) => random.Next(4) == 0 ? Hostile() : method switch
        {
            "textDocument/hover" or "textDocument/codeLens" => new { textDocument = new { uri = random.Next(3) == 0 ? "file:///nowhere.md" : uri }, position = new { line = Hostile(), character = Hostile() } },
            JournalMethods.Search => new { question = random.Next(3) == 0 ? Hostile() : "fire in the city", from = random.Next(4) == 0 ? "2019-02-30" : null, top = Hostile() },
            JournalMethods.Similar => new { date = random.Next(2) == 0 ? "1666-09-02" : Hostile(), top = Hostile() },
            "workspace/executeCommand" => new { command = random.Next(2) == 0 ? "journal.similar" : "journal.nope", arguments = new[] { Hostile(), Hostile() } },
            "textDocument/didChange" => new { textDocument = new { uri, version = Hostile() }, contentChanges = new[] { new { range = new { start = new { line = Hostile(), character = Hostile() }, end = new { line = Hostile(), character = 0 } }, text = "x" } } },
            _ => new { value = Hostile() },
        };
        var expected = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            var method = methods[random.Next(methods.Length)];
            var body = Request($"f{i}", method, Params(method));
            switch (random.Next(5))
            {
                case 0: body = body[..random.Next(1, body.Length)]; break;                                  // cut short
                case 1: var chars = body.ToCharArray(); chars[random.Next(chars.Length)] = (char)random.Next(32, 127); body = new string(chars); break; // one byte changed
                default: expected.Add($"f{i}"); break;
            }
            await Send(body);
        }
        // An id that is not a valid string (a lone surrogate) and a client's answer we cannot read: answered or
        // skipped, and the connection stays (it ended on the first before).
        await Send("""{"jsonrpc":"2.0","id":"\uDC00","method":"textDocument/hover","params":3}""");
        await Send("""{"jsonrpc":"2.0","id":7,"result":{"bad":[}""");
        await Send("""{"jsonrpc":"2.0","id":8,"resultx":1}""");
        await Send(Request("after-bodies", JournalMethods.Status, new { }));
        await Answer("after-bodies", TimeSpan.FromSeconds(120));
        // Requests run concurrently: a search may still be ranking when the status is answered.
        for (var wait = Stopwatch.StartNew(); expected.Any(id => !responses.ContainsKey(id)) && wait.Elapsed < TimeSpan.FromSeconds(120);) await Task.Delay(100);
        // Every intact request got exactly one answer (a changed byte may still leave valid JSON: those count too).
        var answered = expected.Count(responses.ContainsKey);
        output.WriteLine($"bodies: {expected.Count} intact requests, {answered} answered; {responses.Count} answers in all, {parseErrors} parse errors");
        Assert.Equal(expected.Count, answered);
        Assert.True(parseErrors > 100, $"only {parseErrors} parse errors");

        // 2. Framing: bad headers, wrong lengths, garbage between frames, a length beyond the limit.
        for (var i = 0; i < 500; i++)
        {
            var body = Request($"h{i}", JournalMethods.Status, new { });
            var length = Encoding.UTF8.GetByteCount(body);
            await Send(body, random.Next(7) switch
            {
                0 => $"Content-Length: {length - random.Next(1, length)}\r\n\r\n",
                1 => $"Content-Length: {length + random.Next(1, 200)}\r\n\r\n",
                2 => "Content-Lenght: 12\r\n\r\n",
                3 => $"Content-Length: {random.Next()}{random.Next()}\r\n\r\n",
                4 => "Content-Length: -5\r\n\r\n",
                5 => Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(256)).ToArray()),
                _ => $"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {length}\r\n\r\n",
            });
        }
        // A length too long swallows what follows until it is satisfied: pad, then ask until answered.
        await Send(new string(' ', 70_000), "");
        var resynced = false;
        for (var i = 0; i < 20 && !resynced; i++)
        {
            await Send(Request($"resync{i}", JournalMethods.Status, new { }));
            await Task.Delay(200);
            resynced = responses.ContainsKey($"resync{i}");
        }
        Assert.True(resynced, "the server never answered again after broken framing");

        // 3. A 50 MB frame: a question of 50 MB is refused at once, and memory stays bounded.
        await Send(Request("huge", JournalMethods.Search, new { question = new string('a', 50 * 1024 * 1024) }));
        var huge = await Answer("huge", TimeSpan.FromSeconds(120));
        Assert.Equal(ErrorCodes.InvalidParams, huge.GetProperty("error").GetProperty("code").GetInt32());
        for (var i = 0; ; i++) // the first indexing run may still be going: wait for it, then ask
        {
            await Send(Request($"indexed{i}", JournalMethods.Status, new { }));
            if (!(await Answer($"indexed{i}")).GetProperty("result").GetProperty("indexing").GetBoolean()) break;
            Assert.True(i < 600, "indexing never ended");
            await Task.Delay(200);
        }
        await Send(Request("after-huge", JournalMethods.Search, new { question = "the fire of London" }));
        Assert.Contains((await Answer("after-huge")).GetProperty("result").EnumerateArray(), r => r.GetProperty("date").GetString()!.StartsWith("1666-09-0", StringComparison.Ordinal));
        var peakMb = PeakRssMb(server.Id);
        output.WriteLine($"peak RSS {peakMb} MB after the fuzz and the 50 MB frame");
        Assert.InRange(peakMb, 1, 1024);

        // 4. After shutdown, requests are refused with InvalidRequest; exit then ends the process with 0.
        await Send(Request("bye", "shutdown", null));
        await Answer("bye");
        await Send(Request("late", "textDocument/hover", new { textDocument = new { uri }, position = new { line = 2, character = 1 } }));
        Assert.Equal(ErrorCodes.InvalidRequest, (await Answer("late")).GetProperty("error").GetProperty("code").GetInt32());
        await Send("""{"jsonrpc":"2.0","method":"exit"}""");
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public async Task A_burst_of_2000_edits_leaves_hover_fast_and_the_final_text_indexed()
    {
        var folder = Journal();
        var day = Path.Combine(folder, "1666", "1666-09-05.md");
        var uri = new Uri(day).AbsoluteUri;
        await using var server = ServerProcess.Start();
        await server.InitializeAsync(folder, new { indexLocation = Path.Combine(_scratch, "index") });
        await server.WaitUntilIndexedAsync();
        var text = File.ReadAllText(day);
        await server.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text } });

        // Typing a sentence at the end of the day, one character a notification, as fast as the pipe takes them.
        var sentence = string.Concat(Enumerable.Repeat("A quokka came by the Navy office. ", 2000 / 34 + 1))[..2000];
        var lines = text.Split('\n');
        var (line, character) = (lines.Length - 1, lines[^1].Length);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < sentence.Length; i++)
        {
            await server.NotifyAsync("textDocument/didChange", new
            {
                textDocument = new { uri, version = i + 2 },
                contentChanges = new[] { new { range = new { start = new { line, character }, end = new { line, character } }, text = sentence[i].ToString() } },
            });
            character++;
        }
        output.WriteLine($"2,000 didChange in {clock.Elapsed.TotalSeconds:F1} s");

        // The final text is indexed: a search finds the last words typed, in this day.
        var found = false;
        for (var i = 0; i < 150 && !found; i++)
        {
            await Task.Delay(200);
            var results = await server.RequestAsync<JsonElement>(JournalMethods.Search, new { question = "a quokka at the Navy office", top = 1 });
            found = results.EnumerateArray().Any(r => r.GetProperty("date").GetString() == "1666-09-05" && r.GetProperty("snippet").GetString()!.Contains("quokka"));
        }
        Assert.True(found, "the edited text was never indexed");

        var hovers = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            clock.Restart();
            await server.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri }, position = new { line = 2 + i % 3, character = 4 } });
            hovers.Add(clock.Elapsed.TotalMilliseconds);
        }
        hovers.Sort();
        var p95 = hovers[(int)Math.Ceiling(0.95 * hovers.Count) - 1];
        output.WriteLine($"hover after the burst: p50 {hovers[hovers.Count / 2]:F1} ms, p95 {p95:F1} ms");
        Assert.True(p95 < 100, $"hover p95 {p95:F1} ms after the burst");
        Assert.Equal(0, await server.StopAsync());
    }

    private Process Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerProcess.ServerDll);
        start.Environment["ORT_DISABLE_TELEMETRY"] = "1";
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(_scratch, "cache");
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        return process;
    }

    private readonly StringBuilder _stderr = new();

    private static string Tail(StringBuilder log)
    {
        lock (log) return log.ToString()[Math.Max(0, log.Length - 2000)..];
    }

    private static long PeakRssMb(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
