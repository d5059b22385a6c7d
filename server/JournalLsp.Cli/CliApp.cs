using JournalLsp.Core.Import;
using System.CommandLine;
using System.Globalization;
using JournalLsp.Core.Search;
using JournalLsp.Indexing;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Cli.Daemon;

namespace JournalLsp.Cli;

/// <summary>
/// The command line: a thin adapter that parses arguments, calls <see cref="JournalEngine"/> and prints.
/// Results go to stdout (JSON with --json); progress and summaries go to stderr.
/// </summary>
internal static partial class CliApp
{
    /// <summary>The commands, each opening its engine from <paramref name="engines"/> (the daemon keeps them open).</summary>
    public static RootCommand Build(Engines engines)
    {
        Engines.Lease Open(DirectoryInfo folder, FileInfo? index, EmbeddingModelInfo model) =>
            engines.Open(new JournalEngineOptions { JournalFolder = folder.FullName, IndexPath = index?.FullName, Model = model });

        var journal = new Option<DirectoryInfo?>("--journal", "-j")
        {
            Description = $"The journal folder (default: $JOURNAL_DIR, else \"journal\" in {DefaultJournal.ConfigPath()})",
        };
        DirectoryInfo Journal(ParseResult r) => r.GetValue(journal) ?? DefaultJournal.Find();
        var index = new Option<FileInfo?>("--index") { Description = "Index file (default: one per journal under $XDG_CACHE_HOME/journal-lsp)" };
        var top = new Option<int>("--top", "-k") { Description = "How many entries to return", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print JSON on stdout" };
        var model = new Option<string>("--model")
        {
            Description = $"Embedding model (default here: {EmbeddingModelInfo.Default.Id}): all-MiniLM-L6-v2-int8 (the default where the CPU has AVX-VNNI), all-MiniLM-L6-v2 (fp32; the default elsewhere) or snowflake-arctic-embed-xs; each has its own index",
            DefaultValueFactory = _ => EmbeddingModelInfo.Default.Id,
        };
        model.AcceptOnlyFromAmong([.. EmbeddingModelInfo.Known.Select(m => m.Id)]);
        EmbeddingModelInfo Model(ParseResult r) => EmbeddingModelInfo.Find(r.GetValue(model)!);

        var indexFolder = new Argument<DirectoryInfo>("journal-folder") { Description = "The journal folder to index" };
        var rebuild = new Option<bool>("--rebuild")
        {
            Description = "Read, parse and chunk every file again, whatever its size and modification time say "
                + "(the vectors of unchanged text are reused)",
        };
        var indexCommand = new Command("index", "Index a journal folder (incrementally)") { indexFolder, index, model, rebuild, json };
        indexCommand.SetAction(r => Run(() =>
        {
            using var lease = Open(r.GetValue(indexFolder)!, r.GetValue(index), Model(r));
            var engine = lease.Engine;
            var summary = IndexWithProgress(engine, quiet: false, r.GetValue(rebuild));
            // The corpus file too, where it is not current (0.2 s on the diary), so that the next command or editor
            // start reads one file instead of the tables; a process ends before the engine's quiet minute would.
            engine.SaveCorpus();
            if (r.GetValue(json)) Output.WriteJson(Output.SummaryJson(summary));
            return 0;
        }));

        // One or more words: `ask a day I felt alive` asks what `ask "a day I felt alive"` asks.
        var question = new Argument<string[]>("question")
        {
            Description = "A question in plain words, quoted or not; date phrases like \"in 2019\" filter",
            Arity = ArgumentArity.OneOrMore,
        };
        RejectUnknownOptions(question);
        var from = new Option<string?>("--from") { Description = "Earliest day, YYYY-MM-DD" };
        var to = new Option<string?>("--to") { Description = "Latest day, YYYY-MM-DD" };
        var mode = new Option<string>("--mode") { Description = "Ranking: hybrid (dense + BM25, the default), dense, bm25, or rrf (hybrid by reciprocal rank fusion)", DefaultValueFactory = _ => "hybrid" };
        mode.AcceptOnlyFromAmong("hybrid", "dense", "bm25", "rrf");
        var ask = new Command("ask", "Ask your journal a question") { question, journal, index, top, json, from, to, mode, model };
        ask.SetAction(r => Run(() =>
        {
            // Arguments are checked before the index is brought up to date: a typo costs no indexing run.
            var (earliest, latest) = ParseRange(r.GetValue(from), r.GetValue(to));
            var text = string.Join(' ', r.GetValue(question)!);
            QuestionRules.Check(text, earliest, latest);
            var options = new AskOptions(Top(r.GetValue(top)), earliest, latest, ParseRanking(r.GetValue(mode)!));
            using var lease = Open(Journal(r), r.GetValue(index), Model(r));
            var engine = lease.Engine;
            // The model loads, and embeds the question, beside the index run and the corpus read (an exit meanwhile
            // waits for it: NativeWork).
            if (options.Ranking != Ranking.Bm25) _ = engine.LoadModelSoon(text);
            SayFilter(engine, text, options);
            IndexWithProgress(engine, quiet: true);
            Output.WriteResults(engine.Ask(text, options), r.GetValue(json));
            return 0;
        }));

        // The question is optional here: without one the timeline counts entries alone.
        var timelineQuestion = new Argument<string[]>("question")
        {
            Description = "A question or phrase whose matching days are counted, quoted or not; date phrases like \"in 1665\" filter",
            Arity = ArgumentArity.ZeroOrMore,
        };
        RejectUnknownOptions(timelineQuestion);
        var by = new Option<string>("--by") { Description = "Bins: month (the default) or week (ISO weeks, from Monday)", DefaultValueFactory = _ => "month" };
        by.AcceptOnlyFromAmong("month", "week");
        var timeline = new Command("timeline", "Entries per month or week, and the days matching a question") { timelineQuestion, journal, index, by, from, to, json, model };
        timeline.SetAction(r => Run(() =>
        {
            var (earliest, latest) = ParseRange(r.GetValue(from), r.GetValue(to));
            var text = string.Join(' ', r.GetValue(timelineQuestion) ?? []);
            var bins = r.GetValue(by) == "week" ? TimelineBy.Week : TimelineBy.Month;
            using var lease = Open(Journal(r), r.GetValue(index), Model(r));
            var engine = lease.Engine;
            if (text.Length > 0) _ = engine.LoadModelSoon(text);
            SayFilter(engine, text, new AskOptions(From: earliest, To: latest));
            IndexWithProgress(engine, quiet: true);
            Output.WriteTimeline(engine.Timeline(text, bins, earliest, latest), bins, r.GetValue(json));
            return 0;
        }));

        var themesBy = new Option<string>("--by") { Description = "Bins of each theme's days: month (the default) or week", DefaultValueFactory = _ => "month" };
        themesBy.AcceptOnlyFromAmong("month", "week");
        var maxThemes = new Option<int?>("--max") { Description = "At most this many themes, those with the most days in the period first" };
        var oneTheme = new Option<int?>("--theme") { Description = "Only this theme (its number), with its passage of each day, newest first" };
        var themes = new Command("themes", "What the journal keeps coming back to: themes found from its passages, each with its days and words") { journal, index, from, to, themesBy, maxThemes, oneTheme, json, model };
        themes.SetAction(r => Run(() =>
        {
            var (earliest, latest) = ParseRange(r.GetValue(from), r.GetValue(to));
            using var lease = Open(Journal(r), r.GetValue(index), Model(r));
            var engine = lease.Engine;
            IndexWithProgress(engine, quiet: true);
            Output.WriteThemes(engine.Themes(new ThemeQuery(earliest, latest, r.GetValue(maxThemes),
                r.GetValue(themesBy) == "week" ? TimelineBy.Week : TimelineBy.Month, r.GetValue(oneTheme))), r.GetValue(json),
                trends: earliest is null && latest is null); // "this month" is the journal's last month: only said of the whole journal
            return 0;
        }));

        var review = new Command("review", "A review of a period as Markdown: its themes with their days and a passage each, the days unlike any other, the same weeks in earlier years (without --from/--to: this calendar month; --from alone: a month from it)") { journal, index, from, to, json, model };
        review.SetAction(r => Run(() =>
        {
            var (earliest, latest) = ParseRange(r.GetValue(from), r.GetValue(to));
            var today = DateOnly.FromDateTime(DateTime.Now);
            var start = earliest ?? (latest is { } end ? new DateOnly(end.Year, end.Month, 1) : new DateOnly(today.Year, today.Month, 1));
            var stop = latest ?? start.AddMonths(1).AddDays(-1);
            using var lease = Open(Journal(r), r.GetValue(index), Model(r));
            var engine = lease.Engine;
            IndexWithProgress(engine, quiet: true);
            var written = engine.Review(start, stop);
            if (r.GetValue(json)) Output.WriteJson(new System.Text.Json.Nodes.JsonObject { ["title"] = written.Title, ["markdown"] = written.Markdown });
            else Console.Out.Write(written.Markdown);
            if (earliest is null && latest is null) SayLastMonth(engine, start, stop);
            return 0;
        }));

        var target = new Argument<string>("date-or-file")
        {
            Description = "A day (YYYY-MM-DD), a journal file, or file:line with the line counted from 1 as the text output prints it",
        };
        var line = new Option<int?>("--line") { Description = "0-based line in the file, as the JSON output counts: the entry holding it" };
        var window = new Option<int>("--window") { Description = "Leave out days within this many days of the source", DefaultValueFactory = _ => 3 };
        var similarMode = new Option<string>("--mode") { Description = "Ranking: hybrid (dense + BM25 \"more like this\", the default), dense, or bm25 (\"more like this\" alone, related days first)", DefaultValueFactory = _ => "hybrid" };
        similarMode.AcceptOnlyFromAmong("hybrid", "dense", "bm25");
        var why = new Option<bool>("--why") { Description = "Show why each day is listed: the passage of this day and of that day that match, and the words they share" };
        var similar = new Command("similar", "Find the days that read most like a given day") { target, journal, index, top, json, line, window, similarMode, model, why };
        similar.SetAction(r => Run(() =>
        {
            var query = ParseTarget(r.GetValue(target)!, r.GetValue(line)) with { Top = Top(r.GetValue(top)), NeighbourDays = Window(r.GetValue(window)) };
            using var lease = Open(Journal(r), r.GetValue(index), Model(r));
            var engine = lease.Engine;
            IndexWithProgress(engine, quiet: true);
            query = query with { Ranking = ParseRanking(r.GetValue(similarMode)!) };
            Output.WriteResults(engine.Similar(query), r.GetValue(json), r.GetValue(why));
            return 0;
        }));

        var forget = new Command("forget", "Delete everything stored for a journal: its index (text, vectors, seen-log) and its folder") { journal, index, json };
        forget.SetAction(r => Run(() =>
        {
            DaemonClient.StopAll(); // a daemon may hold the index open: each closes its indexes before this deletes them
            var folder = Journal(r).FullName; // may be gone already: its index can still be deleted
            var indexPath = r.GetValue(index)?.FullName ?? IndexLocation.DefaultIndexPath(folder);
            // Without --index, the index of every model.
            var deleted = r.GetValue(index) is not null ? IndexLocation.DeleteIndex(indexPath) : IndexLocation.DeleteIndexes(folder);
            Console.Error.WriteLine(deleted.Count == 0
                ? $"nothing stored for {folder} (no index at {indexPath})"
                : $"deleted the index of {folder}: {string.Join(", ", deleted)}");
            if (r.GetValue(json)) Output.WriteJson(Output.ForgetJson(indexPath, deleted));
            return 0;
        }));

        var beirFolder = new Argument<DirectoryInfo>("beir-folder") { Description = "A BEIR-format folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv" };
        var split = new Option<string>("--split") { Description = "Which qrels to score", DefaultValueFactory = _ => "test" };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the notes and index (default .cache/eval/<name>)" };
        var whole = new Option<bool>("--whole-documents") { Description = "Dense, one vector per document from its first 256 tokens, no chunking (as MTEB evaluates)" };
        var chunkTokens = new Option<int?>("--chunk-tokens")
        {
            Description = "Measure with chunks of this many tokens instead of 192 (overlap min(16, N/4)); give a --work or --index of its own",
        };
        var runFile = new Option<FileInfo?>("--run") { Description = "Also write the ranking as a TREC run file (qid Q0 docid rank score tag), for trec_eval" };
        var listsFile = new Option<FileInfo?>("--lists") { Description = "Also write each query's ranked lists before fusion (dense passages, dense windows, BM25; 100 each) as JSON lines, for studying fusion" };
        var beir = new Command("beir", "nDCG@10, recall@10 and recall@100 on a BEIR dataset, through ask's code path") { beirFolder, mode, split, work, whole, chunkTokens, model, runFile, listsFile, json };
        beir.SetAction(r => Run(() => r.GetValue(whole)
            ? Evaluation.BeirWholeDocuments(r.GetValue(beirFolder)!.FullName, r.GetValue(split)!, r.GetValue(json))
            : Evaluation.Beir(r.GetValue(beirFolder)!.FullName, ParseRanking(r.GetValue(mode)!), r.GetValue(split)!, r.GetValue(work)?.FullName,
                Evaluation.Chunker(r.GetValue(chunkTokens)), Model(r), r.GetValue(runFile)?.FullName, r.GetValue(json), r.GetValue(listsFile)?.FullName)));
        var daysJournal = new Argument<DirectoryInfo>("journal-folder") { Description = "The journal to ask" };
        var questionsFile = new Argument<FileInfo>("questions") { Description = "A file of question<TAB>date[,date...] lines" };
        var days = new Command("days", "success@1, success@5 and MRR@10 at day level for a question file") { daysJournal, questionsFile, index, mode, chunkTokens, model, listsFile, json };
        days.SetAction(r => Run(() =>
        {
            using var engine = OpenAlone(r.GetValue(daysJournal)!, r.GetValue(index), Model(r), Evaluation.Chunker(r.GetValue(chunkTokens)));
            return Evaluation.Days(engine, r.GetValue(questionsFile)!.FullName, ParseRanking(r.GetValue(mode)!), r.GetValue(json), r.GetValue(listsFile)?.FullName);
        }));
        var similarDays = new Command("similar", "recall@10 and MRR@10 of similar days, from the groups of related days in a question file") { daysJournal, questionsFile, index, similarMode, model, json };
        similarDays.SetAction(r => Run(() =>
        {
            using var engine = OpenAlone(r.GetValue(daysJournal)!, r.GetValue(index), Model(r));
            return Evaluation.Similar(engine, r.GetValue(questionsFile)!.FullName, ParseRanking(r.GetValue(similarMode)!), r.GetValue(json));
        }));
        var storylinesFile = new Argument<FileInfo>("storylines") { Description = "Storylines file (id<TAB>storyline<TAB>comma-separated YYYY-MM-DD days)" };
        var themeCount = new Option<int?>("--k") { Description = "How many themes (default: the journal's rule, √(sentence windows / 6.5))" };
        var themeMethod = new Option<string>("--method") { Description = "agglomerative (the default) or kmeans", DefaultValueFactory = _ => "agglomerative" };
        themeMethod.AcceptOnlyFromAmong("kmeans", "agglomerative");
        var evalThemes = new Command("themes", "How many storylines a theme finds (best F1 by days), and the time to find the themes") { daysJournal, storylinesFile, index, themeCount, themeMethod, model, json };
        evalThemes.SetAction(r => Run(() =>
        {
            using var engine = OpenAlone(r.GetValue(daysJournal)!, r.GetValue(index), Model(r));
            return Evaluation.Themes(engine, r.GetValue(storylinesFile)!.FullName, r.GetValue(themeCount),
                r.GetValue(themeMethod) == "agglomerative" ? Core.Search.ThemeMethod.Agglomerative : Core.Search.ThemeMethod.KMeans, r.GetValue(json));
        }));
        var eval = new Command("eval", "Measure retrieval quality") { beir, days, similarDays, evalThemes };

        var questions = new Option<int>("--questions") { Description = "Questions to time", DefaultValueFactory = _ => 50 };
        var bench = new Command("bench", "Benchmark: cold index, warm re-run and ask latency on a journal") { journal, questions };
        bench.SetAction(r => Run(() => Benchmark.Run(Journal(r).FullName, r.GetValue(questions))));

        var importCommand = new Command("import", "Import another app's journal as Markdown, one file per day") { ImportFrom("dayone", ImportSource.DayOne,
            "A Day One export: the .zip of its JSON export, the .json inside it, or its Markdown export (.md or .txt)", json),
            ImportFrom("jrnl", ImportSource.Jrnl, "A jrnl text journal (journal.txt)", json) };

        var idle = new Option<int>("--idle") { Description = "Seconds unused before the daemon exits", DefaultValueFactory = _ => (int)DaemonClient.Idle().TotalSeconds };
        var daemon = new Command("daemon", $"The process that answers {string.Join(", ", DaemonClient.Commands)} with the journal kept loaded (Linux and macOS): started by them when none runs, gone after --idle seconds unused; {DaemonClient.Variable}=off runs every command alone") { idle };
        daemon.SetAction(r => OperatingSystem.IsWindows() ? 1 : Daemon.Daemon.Run(TimeSpan.FromSeconds(Math.Max(1, r.GetValue(idle)))));
        var stop = new Command("stop", "Stop the daemons of this cache folder, once each has closed its indexes");
        stop.SetAction(_ =>
        {
            var stopped = DaemonClient.StopAll();
            Console.Error.WriteLine(stopped == 0 ? "no daemon was running" : $"stopped {stopped} {(stopped == 1 ? "daemon" : "daemons")}");
            return 0;
        });
        var status = new Command("status", "The daemons of this cache folder: each one's process id, the commands it has answered and the indexes it holds open") { json };
        status.SetAction(r =>
        {
            var daemons = DaemonClient.Status();
            if (r.GetValue(json))
                Output.WriteJson(new System.Text.Json.Nodes.JsonObject { ["running"] = daemons.Count > 0, ["daemons"] = new System.Text.Json.Nodes.JsonArray([.. daemons]) });
            else if (daemons.Count == 0) Console.Out.WriteLine("no daemon is running");
            else foreach (var d in daemons) Console.Out.WriteLine($"daemon {d["pid"]}: {Count(d["commands"], "command", "commands")} answered, {Count(d["engines"], "index", "indexes")} open");
            return 0;
        });
        daemon.Subcommands.Add(stop);
        daemon.Subcommands.Add(status);

        return new RootCommand("journal-lsp: ask your Markdown journal questions, fully offline") { indexCommand, ask, similar, timeline, themes, review, forget, eval, bench, importCommand, daemon };
    }

    // The question's words come unquoted, so a mistyped option ("--jurnal") would join them and be asked about: a word
    // that looks like an option is an error instead (a question that means it can be quoted whole).
    private static void RejectUnknownOptions(Argument<string[]> question) =>
        question.Validators.Add(result =>
        {
            var option = result.Tokens.Select(t => t.Value).FirstOrDefault(w => w.Length > 2 && w.StartsWith("--", StringComparison.Ordinal) && !w.Contains(' '));
            if (option is not null) result.AddError($"unknown option '{option}' (to ask about it, quote the whole question)");
        });

    // "1 command", "3 commands": a JSON number the daemon sent, counted in words.
    private static string Count(System.Text.Json.Nodes.JsonNode? number, string one, string many)
    {
        var n = number?.GetValue<int>() ?? 0;
        return $"{n} {(n == 1 ? one : many)}";
    }

    // "import dayone <export> --to <folder> [--layout]" and "import jrnl ...": the export written as day files, never over one.
    private static Command ImportFrom(string name, ImportSource kind, string what, Option<bool> json)
    {
        var source = new Argument<FileInfo>("export") { Description = what };
        var to = new Option<DirectoryInfo>("--to") { Description = "The journal folder to write into (created when missing)", Required = true };
        var layout = new Option<string>("--layout")
        {
            Description = "Each day's path in the folder, without .md, as a moment.js pattern: YYYY, YY, MM, M, MMM, MMMM, DD, D, Do, ddd, dddd, [literal text], '/' for folders",
            DefaultValueFactory = _ => ImportedDays.DefaultLayout,
        };
        var command = new Command(name, kind == ImportSource.DayOne
                ? "Import a Day One export: one Markdown file per day, front matter for time, tags, place, weather and starred, photos copied; a second import adds only what is new"
                : "Import a jrnl journal: one Markdown file per day, front matter for time, @tags and starred; a second import adds only what is new")
            { source, to, layout, json };
        command.SetAction(r => Run(() =>
        {
            var report = JournalImport.Import(r.GetValue(source)!.FullName, kind, r.GetValue(to)!.FullName, r.GetValue(layout)!);
            foreach (var problem in report.Problems) Console.Error.WriteLine($"import: {problem}");
            if (r.GetValue(json)) Output.WriteJson(Output.ImportJson(report));
            else Console.Out.WriteLine($"{report.Added:N0} {(report.Added == 1 ? "entry" : "entries")} written to {report.Files.Count:N0} day {(report.Files.Count == 1 ? "file" : "files")} in {r.GetValue(to)!.FullName}"
                + (report.AlreadyThere > 0 ? $"; {report.AlreadyThere:N0} already there from an earlier import" : "")
                + (report.Photos > 0 ? $"; {report.Photos:N0} {(report.Photos == 1 ? "photo" : "photos")} copied" : ""));
            return 0;
        }));
        return command;
    }

    // This month's review of a journal that has no entries this month (one kept long ago, or an import): where its
    // entries end, and the command that reviews that month.
    private static void SayLastMonth(JournalEngine engine, DateOnly start, DateOnly stop)
    {
        var months = engine.Timeline(null).Bins.Where(b => b.Entries > 0).ToList();
        if (months.Count == 0 || months.Any(b => b.Start >= start && b.Start <= stop)) return;
        Console.Error.WriteLine($"No entries this month; the journal's last are in {months[^1].Start:MMMM yyyy} (review --from {months[^1].Start:yyyy-MM-dd}).");
    }

    // Says on stderr which days a question's date phrase and --from/--to keep ("Filtered to 1665 ("in 1665")."); none
    // at all is an error rather than an empty answer.
    private static void SayFilter(JournalEngine engine, string text, AskOptions options)
    {
        if (engine.Understand(text, options) is not (var understood, { } range)) return;
        var said = understood.Phrase is { } phrase ? $" (\"{phrase}\")" : "";
        if (range.From > range.To) throw new JournalException($"the question's dates{said} and --from/--to leave no day between them");
        Console.Error.WriteLine($"Filtered to {range.Describe()}{said}.");
    }

    // The evaluations' engine, opened for the command alone (the daemon answers no evaluation).
    private static JournalEngine OpenAlone(DirectoryInfo folder, FileInfo? index, EmbeddingModelInfo model, Core.Chunking.ChunkerOptions? chunker = null) =>
        JournalEngine.Open(new JournalEngineOptions { JournalFolder = folder.FullName, IndexPath = index?.FullName, Model = model, Chunker = chunker ?? new() });

    /// <summary>
    /// Indexes (with <paramref name="rebuild"/>, every file read again: <see cref="JournalEngine.Rebuild"/>) with a progress
    /// line on stderr; quiet runs print only when there was work.
    /// </summary>
    public static IndexSummary IndexWithProgress(JournalEngine engine, bool quiet, bool rebuild = false)
    {
        var reporter = new ProgressReporter(quiet);
        var summary = rebuild ? engine.Rebuild(reporter) : engine.Index(reporter);
        reporter.Finish();
        if (!quiet || summary.ChangedFiles > 0 || summary.RemovedFiles > 0) Output.WriteSummary(summary);
        return summary;
    }

    // A file as the user typed it: relative to the current folder when it exists there (a shell's tab completion),
    // else relative to the journal folder, as the engine reads it.
    private static string FileArgument(string value) => File.Exists(value) ? Path.GetFullPath(value) : value;

    /// <summary>
    /// What <c>similar</c> starts from: a day, a file (with <c>--line</c>, 0-based), or <c>file:line</c> (1-based, as the
    /// text output's <c>path:line</c>, so a result can be pasted back). A date that is not a day of the calendar
    /// ("1666-02-30") is an error, not a file name.
    /// </summary>
    internal static SimilarQuery ParseTarget(string value, int? line)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return line is null ? new SimilarQuery(Date: date) : throw new JournalException("--line goes with a file, not a day");
        if (DateShape().IsMatch(value) && !File.Exists(value)) throw new JournalException($"'{value}' is not a day of the calendar");
        if (line is < 0) throw new JournalException($"--line counts from 0, got {line}");
        var colon = value.LastIndexOf(':');
        var drive = colon == 1 && value.Length > 2 && (value[2] == '\\' || value[2] == '/'); // C:\journal\x.md
        if (colon > 0 && !drive && !File.Exists(value) && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var oneBased))
        {
            if (line is not null) throw new JournalException($"give the line once: '{value}' names it (from 1), and so does --line {line}");
            return oneBased >= 1 ? new SimilarQuery(Path: FileArgument(value[..colon]), Line: oneBased - 1)
                : throw new JournalException($"the line after ':' counts from 1, got {oneBased}");
        }
        return new SimilarQuery(Path: FileArgument(value), Line: line);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial System.Text.RegularExpressions.Regex DateShape();

    private static int Window(int days) =>
        days >= 0 ? days : throw new JournalException($"--window expects 0 or more days, got {days}");

    /// <summary>The <c>--from</c>/<c>--to</c> pair, each optional; the first after the second is an error, not an empty list.</summary>
    internal static (DateOnly? From, DateOnly? To) ParseRange(string? from, string? to)
    {
        var (earliest, latest) = (ParseDate(from, "--from"), ParseDate(to, "--to"));
        return earliest > latest ? throw new JournalException($"--from {from} is after --to {to}") : (earliest, latest);
    }

    private static Ranking ParseRanking(string value) => value switch
    {
        "dense" => Ranking.Dense,
        "bm25" => Ranking.Bm25,
        "rrf" => Ranking.Rrf,
        _ => Ranking.Hybrid,
    };

    /// <summary>The name of a ranking as the <c>--mode</c> option spells it.</summary>
    public static string RankingName(Ranking ranking) => ranking switch
    {
        Ranking.Dense => "dense",
        Ranking.Bm25 => "bm25",
        Ranking.Rrf => "rrf",
        _ => "hybrid",
    };

    // As the server takes it (1-100): 0 would answer "No matching entries." for a journal full of them.
    private static int Top(int top) =>
        top is >= 1 and <= 100 ? top : throw new JournalException($"--top expects a number from 1 to 100, got {top}");

    private static DateOnly? ParseDate(string? value, string option)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new JournalException($"{option} expects a day as YYYY-MM-DD, got '{value}'");
    }

    private static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is JournalException or DirectoryNotFoundException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
