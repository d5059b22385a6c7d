using System.Diagnostics;
using JournalLsp.Server.Protocol;

/// <summary>
/// A scripted editing session against the server over the whole diary, for N minutes: open a day, type a sentence a
/// character at a time (20 a second, as a quick typist), hover, look at the lenses, ask a question, close it (the
/// server goes back to the disk's text), then the next day. RSS is read at the start and every minute: it must level
/// off, not grow with the edits.
/// </summary>
internal static class Soak
{
    public static async Task RunAsync(Table table, string daily, string index, TimeSpan length)
    {
        await using var server = await Server.StartAsync(daily, new { indexLocation = index, debounceMs = 300 });
        await server.WaitUntilIndexedAsync();
        var days = Directory.GetFiles(daily, "*.md", SearchOption.AllDirectories).Order().Where((_, i) => i % 97 == 0).ToArray();
        var random = new Random(30);
        const string sentence = "Walked by the river in the evening and thought of all that had passed this year. ";
        var (startRss, _) = server.Memory();
        var minutes = new List<double>();
        long edits = 0, requests = 0;
        var clock = Stopwatch.StartNew();
        var nextMinute = TimeSpan.FromMinutes(1);
        while (clock.Elapsed < length)
        {
            var day = days[random.Next(days.Length)];
            var uri = new Uri(day).AbsoluteUri;
            var text = File.ReadAllText(day);
            var lines = text.Split('\n');
            await server.Rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text } });
            var (line, character) = (lines.Length - 1, lines[^1].Length);
            for (var i = 0; i < sentence.Length && clock.Elapsed < length; i++)
            {
                await server.Rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new
                {
                    textDocument = new { uri, version = i + 2 },
                    contentChanges = new[] { new { range = new { start = new { line, character }, end = new { line, character } }, text = sentence[i].ToString() } },
                });
                character++;
                edits++;
                await Task.Delay(50);
                if (i % 20 == 19)
                {
                    await server.HoverAsync(uri, random.Next(2, Math.Max(3, lines.Length)), 3);
                    await server.Rpc.InvokeWithParameterObjectAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } });
                    await server.Rpc.InvokeWithParameterObjectAsync<JournalResult[]>(JournalMethods.Search, new { question = "an evening walk by the river" });
                    requests += 3;
                }
                if (clock.Elapsed >= nextMinute)
                {
                    minutes.Add(server.Memory().Rss / 1048576.0);
                    nextMinute += TimeSpan.FromMinutes(1);
                }
            }
            await server.Rpc.NotifyWithParameterObjectAsync("textDocument/didClose", new { textDocument = new { uri } });
        }
        var (endRss, peak) = server.Memory();
        await server.StopAsync();
        table.Section($"an editing session of {length.TotalMinutes:F0} minutes over the whole diary (the server)");
        table.Add("edits and requests", $"{edits:N0} didChange, {requests:N0} hover, codeLens and journal/search requests");
        table.Add("RSS", $"{startRss / 1048576.0:F0} MB at the start, {endRss / 1048576.0:F0} MB at the end, {peak / 1048576.0:F0} MB peak; "
            + $"each minute: {string.Join(" ", minutes.Select(m => m.ToString("F0")))}");
    }
}
