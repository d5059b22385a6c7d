namespace JournalLsp.Indexing.Tests;

public class IndexTests
{
    private static string Day(string date, string text) => $"# {date}\n\n{text}\n";

    private static TempFolder SmallJournal()
    {
        var folder = new TempFolder();
        folder.Write("2023/2023-05-01.md", Day("2023-05-01", "Climbed the ridge at sunrise and felt truly alive; the valley glowed gold below us."));
        folder.Write("2023/2023-05-02.md", Day("2023-05-02", "Filed my taxes and sorted receipts all afternoon. Tedious but done."));
        folder.Write("2023/2023-05.md", "# May 2023\n\n## 2023-05-10\n\nBaked bread with Mia; the kitchen smelled wonderful.\n\n## 2023-05-11\n\nRain. Read a novel by the window.\n");
        folder.Write("ideas.md", "# Ideas\n\nA garden with a pond and a bench under the apple tree.\n");
        return folder;
    }

    [Fact]
    public void Re_running_on_an_unchanged_folder_embeds_nothing()
    {
        using var folder = SmallJournal();
        using (var engine = folder.OpenEngine())
        {
            var first = engine.Index();
            Assert.Equal(5, first.Entries);
            Assert.Equal(first.Chunks, first.Embedded);
            Assert.Equal(0, first.Reused);
            Assert.Equal(4, first.ChangedFiles);
        }
        using (var engine = folder.OpenEngine()) // a new process would see the same: state is on disk
        {
            var second = engine.Index();
            Assert.Equal(0, second.Embedded);
            Assert.Equal(0, second.ChangedFiles);
            Assert.Equal(second.Chunks, second.Reused);
            Assert.Equal(5, second.Entries);
        }
    }

    [Fact]
    public void Warming_a_new_engine_loads_every_indexed_entry_and_indexes_nothing()
    {
        using var folder = SmallJournal();
        DateTimeOffset? indexedAt;
        using (var engine = folder.OpenEngine())
        {
            Assert.Equal(0, engine.Warm()); // an empty index: opened, nothing to load
            engine.Index();
            indexedAt = engine.Status().LastIndexedAt;
        }
        using (var engine = folder.OpenEngine())
        {
            Assert.Equal(5, engine.Warm());
            Assert.Equal(indexedAt, engine.Status().LastIndexedAt);
            Assert.Equal("2023/2023-05-02.md", engine.Similar(new SimilarQuery(Date: new DateOnly(2023, 5, 1), NeighbourDays: 0, Top: 1))[0].Path);
        }
    }

    [Fact]
    public void Editing_one_file_re_embeds_only_its_changed_chunks()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();

        // Add a day to the month file: the two existing days keep their text, so only the new one is embedded.
        folder.Write("2023/2023-05.md", "# May 2023\n\n## 2023-05-10\n\nBaked bread with Mia; the kitchen smelled wonderful.\n\n## 2023-05-11\n\nRain. Read a novel by the window.\n\n## 2023-05-12\n\nSwam in the cold lake at dawn.\n");
        var summary = engine.Index();
        Assert.Equal(1, summary.ChangedFiles);
        Assert.Equal(1, summary.Embedded);
        Assert.Equal(6, summary.Entries);

        var hit = engine.Ask("swimming in a lake", new AskOptions(Top: 1)).Single();
        Assert.Equal(new DateOnly(2023, 5, 12), hit.Date);
        Assert.Equal("2023/2023-05.md", hit.Path);
        Assert.Equal((12, 12), (hit.StartLine, hit.EndLine));
    }

    [Fact]
    public void An_editor_buffer_updates_one_file_embedding_only_its_new_text()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        const string month = "# May 2023\n\n## 2023-05-10\n\nBaked bread with Mia; the kitchen smelled wonderful.\n\n## 2023-05-11\n\nRain. Read a novel by the window.\n";

        var unsaved = month + "\n## 2023-05-12\n\nSwam in the cold lake at dawn.\n";
        Assert.Equal(new FileUpdate("2023/2023-05.md", FileUpdateKind.Indexed, 1, null), engine.UpdateFile(Path.Combine(folder.Journal, "2023/2023-05.md"), unsaved));
        Assert.Equal(FileUpdateKind.Unchanged, engine.UpdateFile("2023/2023-05.md", unsaved).Kind);
        Assert.Equal(new DateOnly(2023, 5, 12), engine.Ask("swimming in a lake", new AskOptions(Top: 1)).Single().Date);
        Assert.Equal(month, File.ReadAllText(Path.Combine(folder.Journal, "2023/2023-05.md"))); // the disk is untouched

        // Back to the disk's text (the buffer was closed unsaved): nothing to embed, the new day is gone.
        Assert.Equal(new FileUpdate("2023/2023-05.md", FileUpdateKind.Indexed, 0, null), engine.UpdateFile("2023/2023-05.md"));
        Assert.NotEqual(new DateOnly(2023, 5, 12), engine.Ask("swimming in a lake", new AskOptions(Top: 1)).Single().Date);

        Assert.Equal(FileUpdate.Outside, engine.UpdateFile(Path.Combine(folder.Path, "elsewhere.md"), "# 2023-01-01\n\nx\n"));
        Assert.Equal(FileUpdateKind.Removed, engine.RemoveFile("ideas.md").Kind);
        Assert.Equal(4, engine.Status().Entries);
    }

    [Fact]
    public void After_each_commit_the_updated_snapshot_answers_as_a_fresh_load_of_the_index_does()
    {
        // Three months of the diary; the live engine brings its snapshot up to date file by file
        // (SearchCorpus.Replacing), a second engine opened on the same index loads it whole.
        using var folder = new TempFolder();
        var days = Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1661")).Order().Take(90).ToList();
        foreach (var day in days) folder.Write("1661/" + Path.GetFileName(day), File.ReadAllText(day));
        using var engine = folder.OpenEngine();
        engine.Index();
        string[] Answers(JournalEngine e) =>
        [
            .. e.Ask("a quarrel with my wife", new AskOptions(Top: 8)).Select(r => $"ask {r.Date:yyyy-MM-dd} {r.Path}:{r.StartLine} {r.Score}"),
            .. e.Similar(new SimilarQuery(Date: new DateOnly(1661, 2, 14), Top: 8)).Select(r => $"similar {r.Date:yyyy-MM-dd} {r.Path}:{r.StartLine} {r.Score}"),
            .. e.OnThisDay(new DateOnly(1662, 1, 20)).Select(r => $"on this day {r.Date:yyyy-MM-dd}"),
            $"status {e.Status().Entries} {e.Status().Chunks} {e.Status().Windows}",
        ];
        Assert.NotEmpty(Answers(engine)); // the snapshot exists before the edits
        var edits = new (string Path, string? Text)[]
        {
            ("1661/1661-02-14.md", "# 1661-02-14\n\nValentine's day. I did quarrel with my wife about the dog, and then we were friends again.\n"),
            ("1661/1661-01-20.md", null), // removed
            ("1661/1661-04-01.md", "# 1661-04-01\n\nA new day: up early, to the office, and my wife and I did fall out over her maid.\n"), // added
        };
        foreach (var (path, text) in edits)
        {
            if (text is null) { File.Delete(Path.Combine(folder.Journal, path)); engine.RemoveFile(path); }
            else engine.UpdateFile(path, text);
            var live = Answers(engine);
            using var fresh = folder.OpenEngine();
            Assert.Equal(Answers(fresh), live);
        }
        Assert.Contains(Answers(engine), a => a.StartsWith("ask 1661-04-01", StringComparison.Ordinal));
        Assert.DoesNotContain(Answers(engine), a => a.StartsWith("on this day 1661-01-20", StringComparison.Ordinal));
    }

    [Fact]
    public void Include_and_exclude_globs_decide_which_files_are_indexed()
    {
        using var folder = SmallJournal();
        folder.Write("drafts/2023-06-01.md", Day("2023-06-01", "Half a thought about the sea."));
        using var engine = JournalEngine.Open(new JournalEngineOptions
        {
            JournalFolder = folder.Journal, IndexPath = folder.IndexPath, Filter = new JournalFilter(exclude: ["drafts/**"]),
        });
        Assert.Equal(5, engine.Index().Entries);

        engine.Filter = new JournalFilter(include: ["2023/**/*.md", "drafts/*.md"]);
        var summary = engine.Index();
        Assert.Equal((5, 1, 1), (summary.Entries, summary.ChangedFiles, summary.RemovedFiles)); // drafts in, ideas.md out
        Assert.False(new JournalFilter().Matches(".obsidian/notes.md"));
        Assert.False(new JournalFilter().Matches("2023/notes.pdf"));
        Assert.True(new JournalFilter(exclude: ["drafts/**"]).Matches("2023/2023-05-01.md"));
    }

    [Fact]
    public void A_folder_of_project_notes_has_no_related_days()
    {
        // node-gyp's own README, CHANGELOG and CONTRIBUTING (shipped inside npm): ordinary notes, not a journal.
        using var folder = new TempFolder();
        var package = JournalLsp.Tests.TestData.NpmBundledPackage("node-gyp");
        foreach (var name in new[] { "README.md", "CHANGELOG.md", "CONTRIBUTING.md" })
            File.Copy(Path.Combine(package, name), Path.Combine(folder.Journal, name));
        using var engine = folder.OpenEngine();
        Assert.Equal(3, engine.Index().Files);
        foreach (var name in new[] { "README.md", "CHANGELOG.md", "CONTRIBUTING.md" })
        {
            var query = new SimilarQuery(Path: name);
            var similar = engine.Similar(query);
            Assert.Equal(2, similar.Count);                        // the closest are still listed, for `similar`
            Assert.All(similar, r => Assert.False(r.Related));     // but not as related
            Assert.Equal(0, engine.RelatedCount(query));           // so no lens and no hover
        }
    }

    [Fact]
    public void Template_lines_are_left_out_so_days_are_alike_only_in_what_was_written()
    {
        // Six weeks of Pepys, as written and as kept in a journal template (a heading and three prompts every day).
        var days = Directory.GetFiles(Path.Combine(JournalLsp.Tests.TestData.Pepys, "daily", "1666"), "1666-*.md").Order()
            .Where(f => string.CompareOrdinal(Path.GetFileName(f), "1666-08-20") >= 0 && string.CompareOrdinal(Path.GetFileName(f), "1666-10") < 0).ToList();
        Assert.Equal(42, days.Count);
        using var plain = new TempFolder();
        using var templated = new TempFolder();
        foreach (var day in days)
        {
            var name = Path.GetFileName(day);
            var lines = File.ReadAllLines(day);
            File.Copy(day, Path.Combine(plain.Journal, name));
            templated.Write(name, string.Join('\n', [lines[0], "", "## Gratitude", "Grateful for:", "", "Mood:", "", .. lines[1..], "", "Weather:"]));
        }
        using var asWritten = plain.OpenEngine();
        using var asTemplated = templated.OpenEngine();
        Assert.Equal(asWritten.Index().Entries, asTemplated.Index().Entries);

        // The prompts match only the four days whose own text speaks of the weather, not all 42.
        var bm25 = new AskOptions(Top: 50, Ranking: Ranking.Bm25);
        var prompts = asTemplated.Ask("gratitude mood weather", bm25).Select(r => r.Date).ToList();
        Assert.Equal(4, prompts.Count);
        Assert.Equal(asWritten.Ask("gratitude mood weather", bm25).Select(r => r.Date), prompts);
        foreach (var date in new[] { "1666-09-02", "1666-08-25", "1666-09-20" })
        {
            var query = new SimilarQuery(Date: DateOnly.Parse(date), Top: 5);
            Assert.Equal(asWritten.Similar(query).Select(r => (r.Date, r.Score)), asTemplated.Similar(query).Select(r => (r.Date, r.Score)));
        }
        Assert.DoesNotContain(asTemplated.Ask("a day of the fire", new AskOptions(Top: 40)), r => r.Snippet.Contains("Grateful for"));
    }

    [Fact]
    public void An_index_from_before_sentence_windows_gains_them_at_the_next_run_and_keeps_its_vectors()
    {
        using var folder = new TempFolder();
        File.Copy(Path.Combine(JournalLsp.Tests.TestData.Pepys, "daily", "1666", "1666-09-02.md"), Path.Combine(folder.Journal, "1666-09-02.md"));
        int chunks;
        using (var engine = folder.OpenEngine()) chunks = engine.Index().Chunks;
        // As an older version left it: no windows table, no windows in meta.
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={folder.IndexPath};Pooling=false"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "DROP TABLE windows; DELETE FROM meta WHERE key = 'windows'; DELETE FROM embeddings WHERE key NOT IN (SELECT embedding_key FROM chunks);";
            cmd.ExecuteNonQuery();
        }
        using (var engine = folder.OpenEngine())
        {
            var summary = engine.Index();
            Assert.True(summary.Windows > 40, $"{summary.Windows} windows");
            Assert.Equal(summary.Windows, summary.Embedded);        // the passages' vectors are reused
            Assert.Equal(chunks, summary.Reused);
            Assert.Contains("Elborough", engine.Ask("my old schoolfellow Elborough's steeple on fire")[0].Snippet);
        }
    }

    [Fact]
    public void A_template_that_appears_later_re_chunks_every_file_and_embeds_only_the_text_that_changed()
    {
        // Five days, each with a prompt line and a day of its own: a template line only from the fifth file on.
        using var folder = new TempFolder();
        string Text(int day) => Day($"2024-05-0{day}", $"Grateful for:\n\nDay {day}: the swifts came back over the allotment.");
        for (var day = 1; day <= 4; day++) folder.Write($"2024-05-0{day}.md", Text(day));
        using var engine = folder.OpenEngine();
        var before = engine.Index();
        Assert.Empty(before.TemplateLines!);
        folder.Write("2024-05-05.md", Text(5));
        var after = engine.Index();
        Assert.Equal(["grateful for:"], after.TemplateLines);
        Assert.Equal(5, after.ChangedFiles);                    // every file is cut again without the prompt...
        Assert.Equal(5, after.Embedded);                        // ...and each chunk lost a line, so each is embedded
        Assert.Empty(engine.Ask("grateful", new AskOptions(Ranking: Ranking.Bm25)));
        Assert.Equal(0, engine.Index().ChangedFiles);           // and from then on nothing is redone
    }

    [Fact]
    public void An_index_made_with_another_model_is_embedded_again_whole()
    {
        using var folder = SmallJournal();
        using (var engine = folder.OpenEngine()) engine.Index();
        using var arctic = Embeddings.OnnxEmbeddingGenerator.Create(Embeddings.EmbeddingModelInfo.ArcticXs, IndexLocation.ModelFolder());
        using var again = folder.OpenEngine(arctic);
        // The same file, another model: no vector of the old one may stay, though no file changed.
        var summary = again.Index();
        Assert.Equal((summary.Chunks, 0), (summary.Embedded, summary.Reused));
        Assert.Equal("The index was built with the model all-MiniLM-L6-v2/fp16m7e6; every entry is embedded again with snowflake-arctic-embed-xs/fp16m7e6.", Assert.Single(summary.Notices));
        Assert.Equal("2023-05-01", again.Ask("a sunrise on the mountain", new AskOptions(Top: 1, Ranking: Ranking.Dense))[0].Date?.ToString("yyyy-MM-dd"));
        Assert.Equal(0, again.Index().Embedded);
    }

    [Fact]
    public void Each_model_has_its_own_default_index_file_in_one_folder()
    {
        var journal = Path.Combine(Path.GetTempPath(), "journal-lsp-default-index");
        // index.db is fp32 MiniLM's on every machine; the int8 model, a default only where the CPU has AVX-VNNI, has its own.
        Assert.EndsWith("/index.db", IndexLocation.DefaultIndexPath(journal, Embeddings.EmbeddingModelInfo.MiniLmL6V2));
        Assert.EndsWith("/index-all-MiniLM-L6-v2-int8.db", IndexLocation.DefaultIndexPath(journal, Embeddings.EmbeddingModelInfo.MiniLmL6V2Int8));
        Assert.EndsWith("/index-snowflake-arctic-embed-xs.db", IndexLocation.DefaultIndexPath(journal, Embeddings.EmbeddingModelInfo.ArcticXs));
        Assert.Equal(IndexLocation.DefaultIndexPath(journal, Embeddings.EmbeddingModelInfo.Default), IndexLocation.DefaultIndexPath(journal));
        Assert.Equal(Path.GetDirectoryName(IndexLocation.DefaultIndexPath(journal)),
            Path.GetDirectoryName(IndexLocation.DefaultIndexPath(journal, Embeddings.EmbeddingModelInfo.ArcticXs)));
    }

    [Fact]
    public void Only_an_entry_longer_than_one_window_gets_sentence_windows()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        var shortOnly = engine.Index();
        Assert.Equal(0, shortOnly.Windows);                    // every entry fits in one window: its passage is one
        File.Copy(Path.Combine(JournalLsp.Tests.TestData.Pepys, "daily", "1666", "1666-09-02.md"), Path.Combine(folder.Journal, "1666-09-02.md"));
        var summary = engine.Index();
        Assert.InRange(summary.Windows, 40, 90);                // 1,875 words in windows of up to 64 tokens, cut at sentence ends
        Assert.Equal(summary.Windows + (summary.Chunks - shortOnly.Chunks), summary.Embedded);
    }

    [Fact]
    public void A_question_about_one_moment_of_a_long_day_shows_the_window_about_it()
    {
        using var folder = SmallJournal();
        File.Copy(Path.Combine(JournalLsp.Tests.TestData.Pepys, "daily", "1666", "1666-09-02.md"), Path.Combine(folder.Journal, "1666-09-02.md"));
        using var engine = folder.OpenEngine();
        engine.Index();
        // A moment deep inside the day: the hit shows the window about it, not the day's first passage.
        var hit = engine.Ask("the steeple where my old schoolfellow Elborough is parson caught fire at the very top")[0];
        Assert.Equal(new DateOnly(1666, 9, 2), hit.Date);
        Assert.Contains("Elborough", hit.Snippet);
        Assert.DoesNotContain("Some of our maids", hit.Snippet); // the day's opening words
    }

    [Fact]
    public void Deleting_a_file_removes_its_entries()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        File.Delete(Path.Combine(folder.Journal, "2023", "2023-05.md"));
        var summary = engine.Index();
        Assert.Equal(1, summary.RemovedFiles);
        Assert.Equal(3, summary.Entries);
        Assert.DoesNotContain(engine.Ask("baking bread", new AskOptions(Top: 10)), r => r.Path == "2023/2023-05.md");
        Assert.Throws<JournalException>(() => engine.Similar(new SimilarQuery(Date: new DateOnly(2023, 5, 10))));
    }

    [Fact]
    public void Ask_ranks_the_matching_day_first_with_its_passage()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        var results = engine.Ask("a day I felt truly alive", new AskOptions(Top: 3));
        Assert.Equal(new DateOnly(2023, 5, 1), results[0].Date);
        Assert.Equal("2023/2023-05-01.md", results[0].Path);
        Assert.Contains("sunrise", results[0].Snippet);
        Assert.True(results[0].Score > results[1].Score);
    }

    [Fact]
    public void Explicit_from_and_to_filter_the_days()
    {
        using var folder = SmallJournal();
        using var engine = folder.OpenEngine();
        engine.Index();
        var results = engine.Ask("anything at all", new AskOptions(Top: 10, From: new DateOnly(2023, 5, 2), To: new DateOnly(2023, 5, 10)));
        Assert.Equal([new DateOnly(2023, 5, 2), new DateOnly(2023, 5, 10)], results.Select(r => r.Date!.Value).Order());
    }

    [Fact]
    public void Bad_files_are_skipped_or_worked_around_and_reported()
    {
        using var folder = SmallJournal();
        var j = folder.Journal;
        File.WriteAllBytes(Path.Combine(j, "latin1.md"), [.. "# 2022-01-03\n\nCaf"u8, 0xE9, .. " au lait, tr"u8, 0xE8, .. "s bon.\n"u8]);
        File.WriteAllBytes(Path.Combine(j, "image.md"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]);
        File.WriteAllText(Path.Combine(j, "empty.md"), "");
        using (var big = File.Create(Path.Combine(j, "huge.md"))) big.SetLength(20 * 1024 * 1024);
        File.WriteAllText(Path.Combine(j, "broken-front-matter.md"), "---\ndate: [2022\ntitle: : :\n---\n\nThe front matter above is broken.\n");
        File.WriteAllText(Path.Combine(j, "2019-02-30.md"), "A day that never was.\n");

        using var engine = folder.OpenEngine();
        var summary = engine.Index();

        var skipped = summary.Skipped.ToDictionary(s => s.Path, s => s.Reason);
        Assert.Contains("binary", skipped["image.md"]);
        Assert.Contains("empty", skipped["empty.md"]);
        Assert.Contains("MB", skipped["huge.md"]);
        Assert.True(3 == skipped.Count, string.Join("; ", skipped));
        Assert.Contains(summary.Warnings, w => w.Path == "latin1.md" && w.Warning.Contains("UTF-8"));
        Assert.Contains(summary.Warnings, w => w.Path == "broken-front-matter.md" && w.Warning.Contains("YAML"));
        Assert.Contains(summary.Warnings, w => w.Path == "2019-02-30.md" && w.Warning.Contains("does not exist"));
        Assert.Equal(5 + 3, summary.Entries);

        Assert.Contains(engine.Ask("café au lait, très bon", new AskOptions(Top: 3)), r => r.Path == "latin1.md" && r.Snippet.Contains("Café au lait, très bon"));
        Assert.Equal(0, engine.Index().Embedded); // skipped files are remembered, not retried every run
    }

    [Fact]
    public void Private_entries_never_reach_the_index()
    {
        using var folder = SmallJournal();
        folder.Write("2023/2023-06-01.md", "---\nprivate: true\n---\n\nMy secret password is swordfish.\n");
        using var engine = folder.OpenEngine();
        var summary = engine.Index();
        Assert.Contains(summary.Skipped, s => s.Path == "2023/2023-06-01.md" && s.Reason.Contains("private"));
        Assert.DoesNotContain(engine.Ask("secret password", new AskOptions(Top: 10)), r => r.Path == "2023/2023-06-01.md");
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "garbage", "not a SQLite database" },
        { "truncated", "bytes where its header counts" },
        { "malformed", "malformed" },
        { "older schema", "an older version of journal-lsp (schema 1" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_or_outdated_index_is_built_again_from_the_journal(string damage, string notice)
    {
        using var folder = SmallJournal();
        using (var engine = folder.OpenEngine()) engine.Index();
        Damage(folder, damage);
        using var again = folder.OpenEngine();
        var summary = again.Index();
        Assert.Contains(notice, Assert.Single(summary.Notices));
        Assert.Equal(5, summary.Entries);
        Assert.Equal(summary.Chunks + summary.Windows, summary.Embedded);
        Assert.Equal(new DateOnly(2023, 5, 1), again.Ask("a sunrise on the mountain", new AskOptions(Top: 1))[0].Date);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_or_outdated_index_is_reported_once(string damage, string notice)
    {
        using var folder = SmallJournal();
        using (var engine = folder.OpenEngine()) engine.Index();
        Damage(folder, damage);
        using (var engine = folder.OpenEngine())
        {
            Assert.Contains(notice, Assert.Single(engine.Index().Notices));
            Assert.Empty(engine.Index().Notices);
        }
        using (var engine = folder.OpenEngine()) Assert.Empty(engine.Index().Notices);
    }

    public static TheoryData<string> DamageKinds => ["garbage", "truncated", "malformed", "older schema"];

    [Theory]
    [MemberData(nameof(DamageKinds))]
    public void Rebuilding_a_damaged_or_outdated_index_never_writes_the_journal(string damage)
    {
        using var folder = SmallJournal();
        using (var engine = folder.OpenEngine()) engine.Index();
        var journal = Directory.GetFiles(folder.Journal, "*", SearchOption.AllDirectories).Order()
            .Select(f => (f, Convert.ToHexString(File.ReadAllBytes(f)), File.GetLastWriteTimeUtc(f))).ToList();
        Damage(folder, damage);
        using (var engine = folder.OpenEngine()) engine.Index();
        Assert.Equal(journal, Directory.GetFiles(folder.Journal, "*", SearchOption.AllDirectories).Order()
            .Select(f => (f, Convert.ToHexString(File.ReadAllBytes(f)), File.GetLastWriteTimeUtc(f))).ToList());
    }

    private static void Damage(TempFolder folder, string damage)
    {
        var bytes = File.ReadAllBytes(folder.IndexPath);
        switch (damage)
        {
            case "garbage": File.WriteAllText(folder.IndexPath, "this is not a SQLite database, just garbage bytes that fill the header area"); break;
            case "truncated":
                // Cut off as a full disk or a bad copy leaves it, without its write-ahead log (with one, the check
                // stands aside: a checkpoint may be under way, and SQLite itself reports what it cannot recover).
                File.WriteAllBytes(folder.IndexPath, bytes[..(bytes.Length / 2)]);
                foreach (var log in new[] { "-wal", "-shm" }) File.Delete(folder.IndexPath + log);
                break;
            case "malformed":
                // Every page after the schema's overwritten: the header and page count stay as they were.
                var pageSize = (bytes[16] << 8) | bytes[17];
                new Random(1).NextBytes(bytes.AsSpan(pageSize * 2));
                File.WriteAllBytes(folder.IndexPath, bytes);
                break;
            default:
                using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={folder.IndexPath};Pooling=false"))
                {
                    db.Open();
                    using var cmd = db.CreateCommand();
                    cmd.CommandText = "PRAGMA user_version=1";
                    cmd.ExecuteNonQuery();
                }
                break;
        }
    }
}
