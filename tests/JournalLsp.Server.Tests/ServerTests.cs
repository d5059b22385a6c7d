using System.Text;
using System.Text.Json;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

/// <summary>The server through a real JSON-RPC pipe, as an editor drives it, over a small journal written here.</summary>
public sealed class ServerTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-server-").FullName;
    private string Journal => Path.Combine(_scratch, "journal");
    private string IndexPath => Path.Combine(_scratch, "index.db");
    private string Uri(string relative) => new Uri(Path.Combine(Journal, relative)).AbsoluteUri;

    public ServerTests()
    {
        Write("2023/2023-05-01.md", "# 2023-05-01\n\nClimbed the ridge at sunrise and felt truly alive.\n");
        Write("2023/2023-05-20.md", "# 2023-05-20\n\nHiked up the mountain at dawn; the summit glowed and I felt so alive.\n\nSee also [[2023-05-01]] and 2022-01-01.\n");
        Write("2023/2023-06-02.md", "# 2023-06-02\n\nFiled my taxes and sorted receipts all afternoon.\n");
        Write("2024/2024-01-09.md", "# 2024-01-09\n\nA walk in the hills at first light, cold and glorious.\n");
        Write("2024/2024-05-01.md", "# 2024-05-01\n\nRained all day; read by the window and made soup.\n");
        Write("notes/private.md", "---\nprivate: true\n---\n# 2024-02-02\n\nSecret plans for a surprise party.\n");
    }

    // Relatedness needs a distribution of scores to judge against (30 candidates or more), so the tests of related days
    // add a month of real diary around the five days above: September 1666 of Pepys, 30 days, read from ../shared.
    private void AddPepysSeptember1666()
    {
        var target = Directory.CreateDirectory(Path.Combine(Journal, "1666")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1666"), "1666-09-*.md"))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    private void Write(string relative, string text)
    {
        var full = Path.Combine(Journal, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    // StreamJsonRpc's client surfaces InvalidParams as RemoteMethodNotFoundException, other errors as RemoteInvocationException.
    private static async Task<int> ErrorCodeOf(Func<Task> request)
    {
        var e = await Assert.ThrowsAnyAsync<RemoteRpcException>(request);
        return e switch
        {
            RemoteInvocationException i => i.ErrorCode,
            RemoteMethodNotFoundException m => (int)m.ErrorCode,
            _ => throw new Xunit.Sdk.XunitException($"unexpected {e.GetType().Name}"),
        };
    }

    private static object At(string uri, int line, int character) => new { textDocument = new { uri }, position = new { line, character } };

    // Opens a journal file in the editor, as its text on disk: didOpen. Returns its URI and text.
    private async Task<(string Uri, string Text)> OpenAsync(LspTestClient client, string relative)
    {
        var uri = Uri(relative);
        var text = File.ReadAllText(Path.Combine(Journal, relative));
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text } });
        return (uri, text);
    }

    // The server on a bare pipe with no JSON-RPC client on top, for tests that write and read raw frames.
    private (Stream Client, FrameReader Reader, Task<int> Run) StartRaw()
    {
        var (client, server) = Nerdbank.Streams.FullDuplexStream.CreatePair();
        var run = Task.Run(() => JournalLsp.Server.Lsp.LanguageServer.RunAsync(server, server,
            (folder, _) => JournalLsp.Indexing.JournalEngine.Open(new JournalLsp.Indexing.JournalEngineOptions { JournalFolder = folder, IndexPath = IndexPath })));
        return (client, new FrameReader(client), run);
    }

    [Fact]
    public async Task Requests_before_initialize_are_refused_with_ServerNotInitialized()
    {
        await using var client = LspTestClient.Start(IndexPath);
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<object>(JournalMethods.Search, new { question = "x" }));
        Assert.Equal(ErrorCodes.ServerNotInitialized, e.ErrorCode);
    }

    [Fact]
    public async Task Unknown_methods_get_MethodNotFound()
    {
        await using var client = LspTestClient.Start(IndexPath);
        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync<object>("textDocument/noSuchThing", new { }));
        Assert.Equal(-32601, (int)e.ErrorCode);
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_with_code_0()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        await client.RequestAsync<object?>("shutdown", null);
        await client.NotifyAsync("exit");
        Assert.Equal(0, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Exit_without_shutdown_ends_with_code_1()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        await client.NotifyAsync("exit");
        Assert.Equal(1, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task After_shutdown_a_request_is_refused_with_InvalidRequest()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        await client.RequestAsync<object?>("shutdown", null);
        Assert.Equal(ErrorCodes.InvalidRequest, await ErrorCodeOf(() => client.RequestAsync<StatusResult>(JournalMethods.Status, new { })));
    }

    [Fact]
    public async Task Initialize_advertises_incremental_sync_hover_code_lens_resolve_and_every_command()
    {
        await using var client = LspTestClient.Start(IndexPath);
        var result = await client.RequestAsync<JsonElement>("initialize", new { processId = 1, rootUri = new Uri(Journal).AbsoluteUri, capabilities = new { } });
        var caps = result.GetProperty("capabilities");
        Assert.Equal(2, caps.GetProperty("textDocumentSync").GetProperty("change").GetInt32());
        Assert.True(caps.GetProperty("hoverProvider").GetBoolean());
        Assert.True(caps.GetProperty("codeLensProvider").GetProperty("resolveProvider").GetBoolean());
        var commands = caps.GetProperty("executeCommandProvider").GetProperty("commands").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["journal.ask", "journal.findSimilarDays", "journal.onThisDay", "journal.reindex", "journal.deleteIndex", "journal.import"], commands);
        var again = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JsonElement>("initialize", new { rootUri = new Uri(Journal).AbsoluteUri }));
        Assert.Equal(ErrorCodes.InvalidRequest, again.ErrorCode);
    }

    [Fact]
    public async Task Hover_lists_related_days_with_links()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var hover = await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-05-01.md"), 2, 4));
        Assert.NotNull(hover);
        Assert.Contains("Related days", hover.Contents.Value);
        // 2023-05-20 and 2024-01-09 are the dawn-hike days; 2023-05-20 is outside the ±3-day window.
        Assert.Contains("[2023-05-20 Sat](", hover.Contents.Value);
        Assert.Contains("2023-05-20.md#L3", hover.Contents.Value);
        Assert.DoesNotContain("[2023-05-01 Mon](", hover.Contents.Value);
        Assert.DoesNotContain("1666-09", hover.Contents.Value);      // the diary's days are not related to a hike

        // A day with nothing related (the tax day) has no hover at all, rather than the least unrelated days.
        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-06-02.md"), 2, 4)));
    }

    [Fact]
    public async Task Hover_shows_the_passage_of_this_entry_and_of_the_related_day_that_match()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var hover = await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-05-01.md"), 2, 4));
        Assert.NotNull(hover);
        Assert.Contains("today: Climbed the ridge at sunrise", hover.Contents.Value);
        Assert.Contains("2023-05-20: Hiked up the mountain at dawn", hover.Contents.Value);
    }

    [Fact]
    public async Task Similar_days_carry_both_passages_with_exact_ranges_and_the_words_they_share()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var results = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "2023-05-01" });
        var hike = Assert.Single(results, r => r.Date == "2023-05-20");
        var because = Assert.IsType<SimilarEvidence>(hike.Because);
        Assert.Equal(Uri("2023/2023-05-01.md"), because.Source.Uri);
        Assert.Equal(new Protocol.Range(new Position(2, 0), new Position(2, "Climbed the ridge at sunrise and felt truly alive.".Length)), because.Source.Range);
        Assert.Equal(Uri("2023/2023-05-20.md"), because.Related.Uri);
        Assert.StartsWith("Hiked up the mountain at dawn", because.Related.Text);
        Assert.Equal(new Position(2, 0), because.Related.Range.Start);
        Assert.Contains("alive", because.Terms);
    }

    [Fact]
    public async Task A_day_the_entry_already_links_to_comes_last_marked_linked()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        // 2023-05-20 links to [[2023-05-01]], the other dawn hike.
        var results = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "2023-05-20" });
        Assert.Equal(("2023-05-01", true, true), (results[^1].Date, results[^1].Related, results[^1].Linked));
        Assert.All(results[..^1], r => Assert.Null(r.Linked));
    }

    [Fact]
    public async Task The_related_days_lens_does_not_count_a_day_the_entry_already_links_to()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var results = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "2023-05-20" });
        var unlinked = results.Count(r => r.Related == true && r.Linked is null);
        var titles = (await client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = Uri("2023/2023-05-20.md") } }))
            .Select(l => l.Command?.Title).Where(t => t?.Contains("related") == true).ToList();
        Assert.Equal(unlinked == 0 ? [] : [unlinked == 1 ? "1 related day" : $"{unlinked} related days"], titles);
    }

    [Fact]
    public async Task Hover_over_a_written_date_shows_the_start_of_that_days_entry()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var uri = Uri("2023/2023-05-20.md");
        var wiki = await client.RequestAsync<Hover?>("textDocument/hover", At(uri, 4, 12)); // inside [[2023-05-01]]
        Assert.NotNull(wiki);
        Assert.Contains("2023-05-01 Mon", wiki.Contents.Value);
        Assert.Contains("Climbed the ridge at sunrise", wiki.Contents.Value);
        Assert.Equal(new Position(4, 9), wiki.Range!.Start);
        Assert.Equal(new Position(4, 23), wiki.Range.End);

        var missing = await client.RequestAsync<Hover?>("textDocument/hover", At(uri, 4, 30)); // 2022-01-01: no entry
        Assert.Contains("No entry for **2022-01-01**", missing!.Contents.Value);
    }

    [Fact]
    public async Task Standard_LSP_reaches_the_journal_definition_on_a_date_references_for_related_days_symbols_for_a_question()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        var init = await client.RequestAsync<JsonElement>("initialize", new
        {
            processId = 1, workspaceFolders = new[] { new { uri = new Uri(Journal).AbsoluteUri, name = "journal" } }, capabilities = new { },
        });
        var caps = init.GetProperty("capabilities");
        Assert.True(caps.GetProperty("definitionProvider").GetBoolean() && caps.GetProperty("referencesProvider").GetBoolean() && caps.GetProperty("workspaceSymbolProvider").GetBoolean());
        Assert.Equal("source.journal", caps.GetProperty("codeActionProvider").GetProperty("codeActionKinds")[0].GetString());
        await client.NotifyAsync("initialized", new { });
        await client.WaitUntilIndexedAsync();

        // Go to definition on [[2023-05-01]]: that day's entry; on 2022-01-01, a day with no entry: nothing.
        var definition = await client.RequestAsync<Location[]?>("textDocument/definition", At(Uri("2023/2023-05-20.md"), 4, 12));
        Assert.Equal(Uri("2023/2023-05-01.md"), Assert.Single(definition!).Uri);
        Assert.Equal(new Position(0, 0), definition![0].Range.Start);
        Assert.Null(await client.RequestAsync<Location[]?>("textDocument/definition", At(Uri("2023/2023-05-20.md"), 4, 30)));

        // References on the ridge day's heading: its related days, as its hover lists them (the other dawn hike).
        var references = await client.RequestAsync<Location[]>("textDocument/references",
            new { textDocument = new { uri = Uri("2023/2023-05-01.md") }, position = new { line = 0, character = 2 }, context = new { includeDeclaration = true } });
        Assert.Contains(references, r => r.Uri == Uri("2023/2023-05-20.md") && r.Range.Start.Line == 2);
        Assert.DoesNotContain(references, r => r.Uri == Uri("2023/2023-05-01.md") || r.Uri.Contains("/1666/", StringComparison.Ordinal));
        // The tax day has nothing related: no references rather than the least unrelated days.
        Assert.Empty(await client.RequestAsync<Location[]>("textDocument/references",
            new { textDocument = new { uri = Uri("2023/2023-06-02.md") }, position = new { line = 2, character = 2 }, context = new { includeDeclaration = false } }));

        // A workspace symbol search is a question: the dawn hikes for "felt truly alive", nothing for two letters.
        var symbols = await client.RequestAsync<SymbolInformation[]>("workspace/symbol", new { query = "felt truly alive at sunrise" });
        Assert.StartsWith("2023-05-01 Climbed the ridge", symbols[0].Name);
        Assert.Equal(24, symbols[0].Kind);
        Assert.Equal(Uri("2023/2023-05-01.md"), symbols[0].Location.Uri);
        Assert.Empty(await client.RequestAsync<SymbolInformation[]>("workspace/symbol", new { query = "al" }));
    }

    [Fact]
    public async Task Logseq_date_links_and_org_and_jrnl_entries_answer_like_markdown_ones()
    {
        Write("journals/2024_05_02.md", "- Back on the ridge, as on [[May 1st, 2023]], alive again.\n  id:: 64f0c6b2-1b2c-4d5e-8f90-123456789abc\n");
        Write("daily/2024-08-03.org", ":PROPERTIES:\n:ID: 20240803\n:END:\n#+title: 2024-08-03\n\n* Morning\nClimbed to the summit at first light and felt alive, as on 2023-05-01.\n");
        Write("journal.txt", "[2024-09-04 07:00:00 AM] Up the ridge before dawn. The summit glowed.\nAs on [[2023-05-20]].\n");
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        await client.WaitUntilIndexedAsync();

        var definition = await client.RequestAsync<Location[]?>("textDocument/definition", At(Uri("journals/2024_05_02.md"), 0, 30));
        Assert.Equal(Uri("2023/2023-05-01.md"), Assert.Single(definition!).Uri);
        var preview = await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("journals/2024_05_02.md"), 0, 30));
        Assert.Contains("Climbed the ridge at sunrise", preview!.Contents.Value);
        // The org daily and the jrnl entry are journal documents: a date written in them previews and opens its day.
        var inOrg = await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("daily/2024-08-03.org"), 6, 60));
        Assert.Contains("Climbed the ridge at sunrise", inOrg!.Contents.Value);
        var fromJrnl = await client.RequestAsync<Location[]?>("textDocument/definition", At(Uri("journal.txt"), 1, 10));
        Assert.Equal(Uri("2023/2023-05-20.md"), Assert.Single(fromJrnl!).Uri);
        var answers = await client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "up the ridge before dawn, the summit glowed", top = 3 });
        Assert.Contains(answers, a => a.Uri == Uri("journal.txt") && a.Date == "2024-09-04");
        var orgAnswers = await client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "climbed to the summit at first light", top = 1 });
        Assert.Equal((Uri("daily/2024-08-03.org"), "2024-08-03"), (orgAnswers[0].Uri, orgAnswers[0].Date));
    }

    [Fact]
    public async Task Code_actions_offer_similar_days_and_on_this_day_and_their_commands_answer()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var uri = Uri("2023/2023-05-20.md");
        var actions = await client.RequestAsync<JsonElement[]>("textDocument/codeAction",
            new { textDocument = new { uri }, range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 0 } }, context = new { diagnostics = Array.Empty<object>() } });
        Assert.Equal(["Find similar days", "On this day (05-20) in earlier years"], actions.Select(a => a.GetProperty("title").GetString()));
        Assert.All(actions, a => Assert.Equal("source.journal", a.GetProperty("kind").GetString()));
        var command = actions[0].GetProperty("command");
        Assert.Equal("journal.findSimilarDays", command.GetProperty("command").GetString());
        var results = await client.RequestAsync<JournalResult[]>("workspace/executeCommand",
            new { command = command.GetProperty("command").GetString(), arguments = command.GetProperty("arguments") });
        Assert.NotEmpty(results);
        Assert.Equal(["2023-05-20"], actions[1].GetProperty("command").GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
        // A client asking for quick fixes only (a lightbulb) gets none of ours; one asking for source actions does.
        Assert.Empty(await client.RequestAsync<JsonElement[]>("textDocument/codeAction",
            new { textDocument = new { uri }, range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 0 } }, context = new { diagnostics = Array.Empty<object>(), only = new[] { "quickfix" } } }));
        Assert.Equal(2, (await client.RequestAsync<JsonElement[]>("textDocument/codeAction",
            new { textDocument = new { uri }, range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 0 } }, context = new { diagnostics = Array.Empty<object>(), only = new[] { "source" } } })).Length);
        // Outside any entry (past the end of the file): no actions.
        Assert.Empty(await client.RequestAsync<JsonElement[]>("textDocument/codeAction",
            new { textDocument = new { uri }, range = new { start = new { line = 40, character = 0 }, end = new { line = 40, character = 0 } } }));
    }

    [Fact]
    public async Task A_selection_gets_the_code_action_for_related_days_to_it_and_its_command_answers()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var uri = Uri("2023/2023-05-20.md");
        var range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 20 } };
        var actions = await client.RequestAsync<JsonElement[]>("textDocument/codeAction",
            new { textDocument = new { uri }, range, context = new { diagnostics = Array.Empty<object>() } });
        Assert.Equal(["Related days to the selection", "Find similar days", "On this day (05-20) in earlier years"], actions.Select(a => a.GetProperty("title").GetString()));
        var command = actions[0].GetProperty("command");
        Assert.Equal(20, command.GetProperty("arguments")[2].GetProperty("end").GetProperty("character").GetInt32());
        var results = await client.RequestAsync<JournalResult[]>("workspace/executeCommand",
            new { command = command.GetProperty("command").GetString(), arguments = command.GetProperty("arguments") });
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.NotEqual(uri, r.Uri));
    }

    [Fact]
    public async Task Similar_with_a_range_answers_from_the_passages_the_selection_touches()
    {
        // 1666-09-02 is one line of 9,813 characters: its first sentence's passage ends within ~1,000 of them.
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var uri = Uri("1666/1666-09-02.md");
        var firstSentence = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 160 } };
        var selected = await client.RequestAsync<JournalResult[]>("journal/similar", new { textDocument = new { uri }, range = firstSentence, top = 20 });
        var whole = await client.RequestAsync<JournalResult[]>("journal/similar", new { textDocument = new { uri }, position = new { line = 2, character = 0 }, top = 20 });
        Assert.NotEmpty(selected);
        Assert.All(selected, r => Assert.InRange(r.Because!.Source.Range.Start.Character, 0, 1500));
        Assert.Contains(whole, r => r.Because!.Source.Range.Start.Character > 1500);
    }

    [Fact]
    public async Task Themes_list_the_days_of_each_theme_never_a_private_one()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);

        var all = await client.RequestAsync<ThemesResult>("journal/themes", new { });
        Assert.NotEmpty(all.Themes);
        Assert.DoesNotContain(all.Themes, t => t.Days.Contains("2024-02-02"));      // the private day is in no theme
        Assert.All(all.Themes, t => Assert.NotEmpty(t.Label));
        Assert.All(all.Themes, t => Assert.StartsWith(Uri(""), t.Example.Uri));
        Assert.Contains(all.Themes, t => t.Days.Contains("1666-09-02"));
        Assert.All(all.Themes, t => Assert.Contains(t.Trend, new[] { "thisMonth", "stopped", "new", "steady" }));
        // The journal's last day is in 2024: a theme of 1666 alone is no theme of that month, nor new.
        Assert.All(all.Themes.Where(t => t.Last.StartsWith("1666")), t => Assert.Contains(t.Trend, new[] { "stopped", "steady" }));

        var two = await client.RequestAsync<ThemesResult>("journal/themes", new { from = "1666-09-01", to = "1666-09-30", max = 2, by = "week" });
        Assert.InRange(two.Themes.Length, 1, 2);
        Assert.All(two.Themes, t => Assert.All(t.Days, d => Assert.StartsWith("1666-09", d)));
        Assert.All(two.Themes, t => Assert.Equal(t.Days.Length, t.Bins.Sum(b => b.Days)));
        Assert.Equal(-32602, await ErrorCodeOf(() => client.RequestAsync<ThemesResult>("journal/themes", new { by = "day" })));
        Assert.Equal(-32602, await ErrorCodeOf(() => client.RequestAsync<ThemesResult>("journal/themes", new { max = 0 })));
        Assert.Equal(-32602, await ErrorCodeOf(() => client.RequestAsync<ThemesResult>("journal/themes", new { from = "1666-09-30", to = "1666-09-01" })));
    }

    [Fact]
    public async Task A_review_of_a_month_is_markdown_linked_to_its_days()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);

        var review = await client.RequestAsync<ReviewResult>("journal/review", new { from = "1666-09-01", to = "1666-09-30" });
        Assert.Equal("September 1666", review.Title);
        Assert.StartsWith("---\njournal-review: true\n", review.Markdown);
        Assert.Contains("](/1666/1666-09-", review.Markdown);
        Assert.Equal(-32602, await ErrorCodeOf(() => client.RequestAsync<ReviewResult>("journal/review", new { from = "1666-09-01" })));
        Assert.Equal(-32602, await ErrorCodeOf(() => client.RequestAsync<ReviewResult>("journal/review", new { from = "1666-09-30", to = "1666-09-01" })));
    }

    [Fact]
    public async Task Timeline_counts_entries_per_month_and_the_days_a_query_matches()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);

        var result = await client.RequestAsync<TimelineResult>("journal/timeline", new { query = "a great fire in London", from = "1666-01-01", to = "1666-12-31" });
        Assert.Equal("1666", result.FilteredTo);
        var september = Assert.Single(result.Bins);
        Assert.Equal("1666-09-01", september.Start);
        Assert.Equal(30, september.Entries);
        Assert.InRange(september.Matches, 3, 30);

        var months = await client.RequestAsync<TimelineResult>("journal/timeline", new { });
        // Every month from September 1666 to May 2024, the empty centuries between too; the private day is not indexed.
        Assert.Equal((2024 - 1666) * 12 + (5 - 9) + 1, months.Bins.Length);
        Assert.Equal(("1666-09-01", 30), (months.Bins[0].Start, months.Bins[0].Entries));
        Assert.Equal(("2024-05-01", 1), (months.Bins[^1].Start, months.Bins[^1].Entries));
        Assert.Equal(35, months.Bins.Sum(b => b.Entries));
        Assert.Null(months.FilteredTo);
        Assert.Equal(-32602, await ErrorCodeOf(() => client.RequestAsync<TimelineResult>("journal/timeline", new { by = "day" })));

        // journal/understand: how a question is read, for a client's "filtered to 1665" (no search, no model run).
        Assert.Equal(new UnderstandResult("the plague", "in 1665", "1665"),
            await client.RequestAsync<UnderstandResult>("journal/understand", new { question = "the plague in 1665" }));
        Assert.Equal(new UnderstandResult("a walk", null, "days since 2024-01-01"),
            await client.RequestAsync<UnderstandResult>("journal/understand", new { question = "a walk", from = "2024-01-01" }));
    }

    [Fact]
    public async Task A_client_that_asks_for_plain_text_hovers_gets_no_markdown()
    {
        // eglot's capabilities: textDocument.hover.contentFormat ["plaintext"]; it showed the ** and links as typed.
        AddPepysSeptember1666(); // days unlike the hikes, so that the hikes are related against something
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, new { textDocument = new { hover = new { contentFormat = new[] { "plaintext" } } } });
        var related = await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-05-01.md"), 2, 4));
        Assert.Equal("plaintext", related!.Contents.Kind);
        Assert.StartsWith("Related days\n\n- ", related.Contents.Value);
        Assert.Contains("\n- 2023-05-20 Sat  2023/2023-05-20.md:3\n  today: Climbed the ridge", related.Contents.Value);
        Assert.Contains("\n  2023-05-20: Hiked up the mountain", related.Contents.Value);
        var day = await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-05-20.md"), 4, 12)); // [[2023-05-01]]
        Assert.Equal("plaintext", day!.Contents.Kind);
        Assert.StartsWith("2023-05-01 Mon  2023/2023-05-01.md:3\n\nClimbed the ridge at sunrise", day.Contents.Value);
        foreach (var text in new[] { related.Contents.Value, day.Contents.Value })
        {
            Assert.DoesNotContain("**", text);
            Assert.DoesNotContain("](", text);
        }
    }

    [Fact]
    public async Task Code_lenses_sit_on_each_heading_and_count_related_days_and_on_this_day()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        // 2024-05-01 (a rainy day in) has an earlier year on its day, but nothing related: only the "On this day" lens.
        var lenses = await client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = Uri("2024/2024-05-01.md") } });
        var onThisDay = Assert.Single(lenses);
        Assert.Equal(0, onThisDay.Range.Start.Line);
        Assert.Equal("On this day: 2023", onThisDay.Command!.Title);
        Assert.Equal(JournalMethods.OnThisDayCommand, onThisDay.Command.CommandName);
        var days = await client.RequestAsync<JournalResult[]>("workspace/executeCommand", new { command = onThisDay.Command.CommandName, arguments = onThisDay.Command.Arguments });
        Assert.Equal("2023-05-01", Assert.Single(days).Date);

        // 2023-05-01 (the ridge at sunrise) has one related day, the dawn hike of 2023-05-20; the lens comes resolved.
        var related = Assert.Single(await client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = Uri("2023/2023-05-01.md") } }));
        Assert.Equal("1 related day", related.Command!.Title);
        Assert.Equal(JournalMethods.FindSimilarDaysCommand, related.Command.CommandName);
        // The lens's own command, run as the editor would, lists that day first, marked related, then the closest others.
        var run = await client.RequestAsync<JournalResult[]>("workspace/executeCommand", new { command = related.Command.CommandName, arguments = related.Command.Arguments });
        Assert.Equal(("2023-05-20", true), (run[0].Date, run[0].Related));
        Assert.All(run.Skip(1), r => Assert.False(r.Related));

        // A lens that carries only data (as an older response gave) still resolves to the same count.
        var data = JsonSerializer.SerializeToElement(new { uri = Uri("2023/2023-05-01.md"), line = 0, path = "2023/2023-05-01.md", entry = "2023-05-01" });
        var resolved = await client.RequestAsync<CodeLens>("codeLens/resolve", new CodeLens(related.Range, Data: data));
        Assert.Equal("1 related day", resolved.Command!.Title);
    }

    [Fact]
    public async Task Journal_search_and_the_ask_command_honour_date_phrases()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var results = await client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "hiking at dawn in 2024" });
        Assert.Equal("2024-01-09", results[0].Date);
        Assert.All(results, r => Assert.StartsWith("2024-", r.Date));

        var viaCommand = await client.RequestAsync<JournalResult[]>("workspace/executeCommand", new { command = JournalMethods.AskCommand, arguments = new[] { "paperwork", "2023-01-01", "2023-12-31" } });
        Assert.Equal("2023-06-02", viaCommand[0].Date);
        Assert.All(viaCommand, r => Assert.StartsWith("2023-", r.Date));

        Assert.Equal(ErrorCodes.InvalidParams, await ErrorCodeOf(() => client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "x", from = "May 1st" })));
        Assert.Equal(ErrorCodes.InvalidParams, await ErrorCodeOf(() => client.RequestAsync<object>("workspace/executeCommand", new { command = "journal.nope" })));
    }

    [Fact]
    public async Task Similar_days_by_position_are_those_by_date()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var byPosition = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, At(Uri("2023/2023-05-20.md"), 2, 0));
        var byDate = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "2023-05-20", top = 2 });
        // The first two days it does not link to, then the day it links to (2023-05-01), last in both.
        Assert.Equal(byPosition.Where(r => r.Linked is null).Take(2).Select(r => r.Date), byDate.Where(r => r.Linked is null).Select(r => r.Date));
        Assert.Equal(byPosition[^1].Date, byDate[^1].Date);
        Assert.Contains(byDate[0].Date, new[] { "2023-05-01", "2024-01-09" });
    }

    [Fact]
    public async Task Similar_days_past_the_end_of_a_file_are_those_of_its_last_entry()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var byPosition = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, At(Uri("2023/2023-05-20.md"), 2, 0));
        var pastTheEnd = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, At(Uri("2023/2023-05-20.md"), 50, 0));
        Assert.Equal(byPosition.Select(r => r.Date), pastTheEnd.Select(r => r.Date));
    }

    [Fact]
    public async Task Similar_days_of_a_day_without_an_entry_fail_with_RequestFailed()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var missing = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "1999-01-01" }));
        Assert.Equal(ErrorCodes.RequestFailed, missing.ErrorCode);
    }

    [Fact]
    public async Task Status_reports_the_files_entries_and_model_indexed()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var status = await client.RequestAsync<StatusResult>(JournalMethods.Status, new { });
        Assert.Equal((5, 5, JournalLsp.Indexing.Embeddings.EmbeddingModelInfo.Default.Id, false), (status.Files, status.Entries, status.ModelId, status.Indexing));
    }

    [Fact]
    public async Task Status_names_a_private_file_as_skipped()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var status = await client.RequestAsync<StatusResult>(JournalMethods.Status, new { });
        Assert.Equal(new SkippedFileInfo("notes/private.md", "marked private in front matter"), Assert.Single(status.Skipped));
    }

    [Fact]
    public async Task Incremental_edits_are_re_indexed_after_a_pause_from_the_buffer()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, initializationOptions: new { debounceMs = 200 });
        var (uri, text) = await OpenAsync(client, "2024/2024-05-01.md");
        // Two incremental edits, as an editor sends them while typing: replace the body, then append to it.
        await client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri, version = 2 },
            contentChanges = new object[]
            {
                new { range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 50 } }, text = "Spent the evening on the tax return" },
                new { range = new { start = new { line = 2, character = 35 }, end = new { line = 2, character = 35 } }, text = ", sorting receipts and invoices." },
            },
        });
        var results = await LspTestClient.EventuallyAsync(
            () => client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "doing my taxes and receipts", top = 2 }),
            r => r.Any(x => x.Snippet.Contains("tax return")));
        var hit = Assert.Single(results, r => r.Date == "2024-05-01");
        Assert.Equal("Spent the evening on the tax return, sorting receipts and invoices.", hit.Snippet);
        Assert.Equal(text, File.ReadAllText(Path.Combine(Journal, "2024/2024-05-01.md"))); // the file itself is untouched

        // Closing without saving puts the file on disk back in the index.
        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri } });
        results = await LspTestClient.EventuallyAsync(
            () => client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "soup on a rainy day", top = 1 }),
            r => r.Length == 1 && r[0].Snippet.Contains("soup"));
        Assert.Equal("2024-05-01", results[0].Date);
        Assert.Contains("soup", results[0].Snippet);
    }

    [Fact]
    public async Task Deleting_the_index_removes_its_files()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var result = await client.RequestAsync<DeleteIndexResult>("workspace/executeCommand", new { command = JournalMethods.DeleteIndexCommand });
        Assert.Equal(IndexPath, result.IndexPath);
        Assert.Contains(IndexPath, result.Deleted);
        Assert.All(new[] { "", "-wal", "-shm" }, suffix => Assert.False(File.Exists(IndexPath + suffix), IndexPath + suffix));
    }

    [Fact]
    public async Task A_deleted_index_answers_with_nothing_indexed()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        await client.RequestAsync<DeleteIndexResult>("workspace/executeCommand", new { command = JournalMethods.DeleteIndexCommand });
        var status = await client.RequestAsync<StatusResult>(JournalMethods.Status, new { });
        Assert.Equal((0, null, false), (status.Entries, status.LastIndexedAt, status.Indexing));
        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-05-01.md"), 2, 3)));
    }

    [Fact]
    public async Task After_deleting_the_index_edits_and_file_changes_write_nothing()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, initializationOptions: new { debounceMs = 100 });
        var (uri, text) = await OpenAsync(client, "2024/2024-05-01.md");
        await client.RequestAsync<DeleteIndexResult>("workspace/executeCommand", new { command = JournalMethods.DeleteIndexCommand });

        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = text + "\nMore soup.\n" } } });
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = Uri("2023/2023-05-01.md"), type = 2 } } });
        // The server says it decided not to write, for the buffer and for the file on disk.
        await LspTestClient.EventuallyAsync(() => Task.FromResult(client.Side.Logs.Count(l => l.StartsWith("not re-indexing"))), n => n >= 2);
        Assert.False(File.Exists(IndexPath), "the index came back without journal.reindex");
    }

    [Fact]
    public async Task After_deleting_the_index_the_server_says_why_it_writes_nothing()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, initializationOptions: new { debounceMs = 100 });
        var (uri, text) = await OpenAsync(client, "2024/2024-05-01.md");
        await client.RequestAsync<DeleteIndexResult>("workspace/executeCommand", new { command = JournalMethods.DeleteIndexCommand });

        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = text + "\nMore soup.\n" } } });
        var said = await LspTestClient.EventuallyAsync(() => Task.FromResult(client.Side.Logs.FirstOrDefault(l => l.StartsWith("not re-indexing"))), l => l is not null);
        Assert.StartsWith("not re-indexing 2024/2024-05-01.md: the index was deleted", said);
    }

    [Fact]
    public async Task Reindex_after_deleting_builds_the_index_again()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        await client.RequestAsync<DeleteIndexResult>("workspace/executeCommand", new { command = JournalMethods.DeleteIndexCommand });

        var reindex = await client.RequestAsync<ReindexResult>("workspace/executeCommand", new { command = JournalMethods.ReindexCommand });
        Assert.Equal(35, reindex.Entries);
        var hover = await LspTestClient.EventuallyAsync(() => client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-05-01.md"), 2, 3)), h => h is not null);
        Assert.Contains("Related days", hover!.Contents.Value);
    }

    [Fact]
    public async Task Files_created_changed_and_deleted_on_disk_follow_watched_file_events()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, LspTestClient.Capabilities());
        var registration = Assert.Single(client.Side.Registrations);
        Assert.Contains("**/*.md", registration.ToString());

        Task<JournalResult[]> Ask() => client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "sailing on the lake", top = 1 });
        Write("2024/2024-07-04.md", "# 2024-07-04\n\nWent sailing on the lake; the boat heeled in the gusts.\n");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = Uri("2024/2024-07-04.md"), type = FileChangeType.Created } } });
        var created = await LspTestClient.EventuallyAsync(Ask, r => r.Length > 0 && r[0].Date == "2024-07-04");
        Assert.Equal("2024-07-04", created[0].Date);

        Write("2024/2024-07-04.md", "# 2024-07-04\n\nWent sailing on the lake at dusk; we capsized and swam ashore laughing.\n");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = Uri("2024/2024-07-04.md"), type = FileChangeType.Changed } } });
        var changed = await LspTestClient.EventuallyAsync(Ask, r => r.Length > 0 && r[0].Snippet.Contains("capsized"));
        Assert.Contains("capsized", changed[0].Snippet);

        File.Delete(Path.Combine(Journal, "2024/2024-07-04.md"));
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = Uri("2024/2024-07-04.md"), type = FileChangeType.Deleted } } });
        var deleted = await LspTestClient.EventuallyAsync(Ask, r => r.All(x => x.Date != "2024-07-04"));
        Assert.DoesNotContain(deleted, r => r.Date == "2024-07-04");

        // A request about the deleted file is answered, empty, and the server goes on.
        Assert.Empty(await client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = Uri("2024/2024-07-04.md") } }));
        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2024/2024-07-04.md"), 2, 3)));
    }

    [Fact]
    public async Task Indexing_reports_work_done_progress_and_settings_come_from_the_client()
    {
        var configuration = JsonSerializer.SerializeToElement(new { exclude = new[] { "2023/**" }, results = 2 });
        await using var client = LspTestClient.Start(IndexPath, configuration);
        await client.InitializeAsync(Journal, LspTestClient.Capabilities());

        Assert.NotEmpty(client.Side.ProgressTokens);
        var kinds = client.Side.Progress.Select(p => p.GetProperty("value").GetProperty("kind").GetString()).ToList();
        Assert.Equal("begin", kinds[0]);
        Assert.Equal("end", kinds[^1]);
        var last = client.Side.Progress.Last(p => p.GetProperty("value").GetProperty("kind").GetString() == "report");
        Assert.Equal("2 / 2 entries", last.GetProperty("value").GetProperty("message").GetString());
        Assert.Contains(client.Side.Logs, l => l.StartsWith("indexed 2 entries", StringComparison.Ordinal));
        // Lenses drawn while the index filled are asked for again once it is done.
        await LspTestClient.EventuallyAsync(() => Task.FromResult(client.Side.CodeLensRefreshes), n => n > 0);
        Assert.True(client.Side.CodeLensRefreshes > 0);

        var status = await client.RequestAsync<StatusResult>(JournalMethods.Status, new { });
        Assert.Equal(2, status.Entries); // 2023/** excluded by the client's settings
        Assert.Equal(2, (await client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "a day outdoors" })).Length);
    }

    [Fact]
    public async Task The_end_of_indexing_is_pushed_to_the_client_as_a_status()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, LspTestClient.Capabilities());
        var pushed = await LspTestClient.EventuallyAsync(() => Task.FromResult(client.Side.Statuses.LastOrDefault()), s => s is { Indexing: false });
        Assert.Equal((false, 5), (pushed!.Indexing, pushed.Entries));
    }

    [Fact]
    public async Task Deleting_the_index_is_pushed_to_the_client_as_a_status()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, LspTestClient.Capabilities());
        await client.RequestAsync<DeleteIndexResult>("workspace/executeCommand", new { command = JournalMethods.DeleteIndexCommand });
        var pushed = await LspTestClient.EventuallyAsync(() => Task.FromResult(client.Side.Statuses.LastOrDefault()), s => s is { Entries: 0 });
        Assert.Equal(0, pushed!.Entries);
    }

    [Fact]
    public async Task Initialization_options_exclude_files_and_a_recently_opened_entry_drops_down_the_related_days()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal, initializationOptions: new { journal = new { forgottenWeight = 1.0, exclude = new[] { "2024/2024-05-01.md" } } });
        Assert.Equal(4, (await client.RequestAsync<StatusResult>(JournalMethods.Status, new { })).Entries);

        var before = await client.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "2023-05-01" });
        Assert.Equal("2023-05-20", before[0].Date);
        Assert.Null(before[0].LastSeen);

        // A glance (opened and closed at once, as a preview) does not count; staying open does.
        var glanced = Uri("2024/2024-01-09.md");
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri = glanced, languageId = "markdown", version = 1, text = File.ReadAllText(Path.Combine(Journal, "2024/2024-01-09.md")) } });
        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = glanced } });
        var uri = Uri("2023/2023-05-20.md");
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text = File.ReadAllText(Path.Combine(Journal, "2023/2023-05-20.md")) } });
        var after = await LspTestClient.EventuallyAsync(
            () => client.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "2023-05-01" }),
            r => r[0].Date != "2023-05-20");
        Assert.NotEqual("2023-05-20", after[0].Date);
        Assert.NotNull(Assert.Single(after, r => r.Date == "2023-05-20").LastSeen);
        Assert.Null(Assert.Single(after, r => r.Date == "2024-01-09").LastSeen);
    }

    [Fact]
    public async Task Bad_input_gets_an_error_or_an_empty_answer_and_the_server_keeps_running()
    {
        AddPepysSeptember1666();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var outside = new Uri(Path.Combine(_scratch, "elsewhere.md")).AbsoluteUri;
        File.WriteAllText(Path.Combine(_scratch, "elsewhere.md"), "# 2023-05-02\n\nNot in the journal.\n");

        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", At(Uri("2023/2023-05-01.md"), 500, 0))); // past the end
        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", At(outside, 2, 0)));
        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", At("untitled:Untitled-1", 0, 0)));
        Assert.Empty(await client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = outside } }));
        var unknownFields = await client.RequestAsync<Hover?>("textDocument/hover",
            new { textDocument = new { uri = Uri("2023/2023-05-01.md"), extra = 1 }, position = new { line = 2, character = 4 }, workDoneToken = "t", surprise = new[] { 1, 2 } });
        Assert.NotNull(unknownFields);
        var outsideSimilar = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JournalResult[]>(JournalMethods.Similar, At(outside, 0, 0)));
        Assert.Equal(ErrorCodes.RequestFailed, outsideSimilar.ErrorCode);
        Assert.Equal(ErrorCodes.InvalidParams, await ErrorCodeOf(() => client.RequestAsync<object>("workspace/executeCommand", new { command = JournalMethods.AskCommand, arguments = new object[] { 42 } })));

        Assert.Equal(35, (await client.RequestAsync<StatusResult>(JournalMethods.Status, new { })).Entries);
    }

    [Fact]
    public async Task Malformed_json_and_a_wrong_content_length_are_answered_or_skipped_without_ending_the_connection()
    {
        // Raw frames, as a buggy client would write them, on a bare pipe with no JSON-RPC client on top.
        var (client, reader, run) = StartRaw();
        Task Send(string body, int? length = null) => Frames.SendAsync(client, body, length);

        await Send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"rootUri\":\"" + new Uri(Journal).AbsoluteUri + "\",\"capabilities\":{}}}");
        Assert.True((await reader.NextAsync()).RootElement.GetProperty("result").TryGetProperty("capabilities", out _));

        await Send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\",,,");
        var parseError = await reader.NextAsync();
        Assert.Equal(ErrorCodes.ParseError, parseError.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, parseError.RootElement.GetProperty("id").ValueKind);

        // A Content-Length 10 bytes short: the tail of the body is garbage before the next header, which is found again.
        await Send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\",\"params\":null}", length: 45);
        Assert.Equal(ErrorCodes.ParseError, (await reader.NextAsync()).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        await Send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"shutdown\",\"params\":null}");
        var shutdown = await reader.NextAsync();
        Assert.Equal(4, shutdown.RootElement.GetProperty("id").GetInt32());

        await Send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    // 120 long new entries (~500 chunks): they keep the first indexing run busy for seconds.
    private void WriteBulk()
    {
        string[] places = ["harbour", "orchard", "library", "market", "chapel", "meadow", "bakery", "station"];
        for (var i = 0; i < 120; i++)
        {
            var day = $"2022-{1 + i / 28:00}-{1 + i % 28:00}";
            var body = string.Join(" ", Enumerable.Range(0, 60).Select(j =>
                $"At {j} o'clock I walked to the {places[(i + j) % 8]} and counted {i * 7919 % 1000 + j} gulls."));
            Write($"bulk/{day}.md", $"# {day}\n\n{body}\n");
        }
    }

    [Fact]
    public async Task A_cancel_request_is_answered_with_RequestCancelled()
    {
        // Raw frames, so that the answer itself is seen (a JSON-RPC client turns it into its own cancellation).
        WriteBulk();
        var (client, reader, run) = StartRaw();
        await Frames.SendAsync(client, new { jsonrpc = "2.0", id = 1, method = "initialize", @params = new { rootUri = new Uri(Journal).AbsoluteUri, capabilities = new { } } });
        await reader.NextAsync();
        await Frames.SendAsync(client, new { jsonrpc = "2.0", method = "initialized", @params = new { } });
        // A rebuild waits behind the first run; cancelling it while it waits must answer -32800 for its id.
        await Frames.SendAsync(client, new { jsonrpc = "2.0", id = 7, method = "workspace/executeCommand", @params = new { command = JournalMethods.ReindexCommand } });
        await Task.Delay(300);
        await Frames.SendAsync(client, new { jsonrpc = "2.0", method = "$/cancelRequest", @params = new { id = 7 } });
        var answer = await reader.NextAsync();
        Assert.Equal(7, answer.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(ErrorCodes.RequestCancelled, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());

        await Frames.SendAsync(client, new { jsonrpc = "2.0", id = 8, method = "shutdown" });
        Assert.Equal(8, (await reader.NextAsync()).RootElement.GetProperty("id").GetInt32());
        await Frames.SendAsync(client, new { jsonrpc = "2.0", method = "exit" });
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_cancelled_request_answers_RequestCancelled_and_queries_go_on_during_indexing()
    {
        // A rebuild queued behind the first run is cancelled while it waits, and queries are answered meanwhile.
        WriteBulk();
        await using var client = LspTestClient.Start(IndexPath);
        await client.RequestAsync<JsonElement>("initialize", new { rootUri = new Uri(Journal).AbsoluteUri, capabilities = new { } });
        await client.NotifyAsync("initialized", new { });
        using var cts = new CancellationTokenSource();
        var rebuild = client.RequestAsync<JsonElement>("workspace/executeCommand", new { command = JournalMethods.ReindexCommand }, cts.Token);
        await Task.Delay(300);
        cts.Cancel(); // StreamJsonRpc sends $/cancelRequest
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rebuild);

        var during = await client.RequestAsync<StatusResult>(JournalMethods.Status, new { });
        Assert.True(during.Indexing, "the first run should still be going");
        Assert.InRange(during.Entries, 0, 124);
        var results = await client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "gulls at the harbour" });
        Assert.All(results, r => Assert.StartsWith(new Uri(Journal).AbsoluteUri, r.Uri)); // from what is committed so far
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
