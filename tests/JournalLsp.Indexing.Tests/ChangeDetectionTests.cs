using JournalLsp.Indexing.Embeddings;
using Microsoft.Extensions.AI;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// Stat first, as git's index does (<see cref="Core.Journal.FileStamp"/>): an unchanged journal is not read at all,
/// and no change is missed for it, the racy cases included.
/// </summary>
public class ChangeDetectionTests
{
    private static readonly DateTime AnHourAgo = DateTime.UtcNow.AddHours(-1);

    // Three days written an hour ago: their stamps can vouch for them from the first run on.
    private static TempFolder ThreeDays()
    {
        var folder = new TempFolder();
        foreach (var (day, text) in new[] { ("01", "Walked to the harbour and watched the boats come in."), ("02", "Fixed the gate hinge; the rain kept on all day."), ("03", "Long letter from my sister about the new house.") })
            File.SetLastWriteTimeUtc(folder.Write($"2024-03-{day}.md", $"# 2024-03-{day}\n\n{text}\n"), AnHourAgo);
        return folder;
    }

    [Fact]
    public void An_unchanged_journal_is_not_read_again()
    {
        using var folder = ThreeDays();
        using (var engine = folder.OpenEngine()) Assert.Equal(3, engine.Index().FilesRead);
        using (var engine = folder.OpenEngine()) // a new process: the stamps are in the index
        {
            var again = engine.Index();
            Assert.Equal((0, 0, 3), (again.FilesRead, again.ChangedFiles, again.Entries));
        }
    }

    [Fact]
    public void A_file_rewritten_at_the_same_size_is_indexed_again()
    {
        using var folder = ThreeDays();
        using var engine = folder.OpenEngine();
        engine.Index();
        // Same length, other words, and a write time a minute later: only the time tells.
        File.SetLastWriteTimeUtc(folder.Write("2024-03-02.md", "# 2024-03-02\n\nFixed the gate latch; the sun came out at four.\n"), AnHourAgo.AddMinutes(1));
        var after = engine.Index();
        Assert.Equal(1, after.ChangedFiles);
        Assert.Contains(engine.Ask("gate latch sun", new AskOptions(Top: 1)), r => r.Date == new DateOnly(2024, 3, 2) && r.Snippet.Contains("latch"));
    }

    [Fact]
    public void A_file_written_as_it_is_read_is_read_again_next_run()
    {
        using var folder = ThreeDays();
        using var engine = folder.OpenEngine();
        File.SetLastWriteTimeUtc(Path.Combine(folder.Journal, "2024-03-03.md"), DateTime.UtcNow); // racy: a later write could keep its time
        engine.Index();
        var next = engine.Index();
        Assert.Equal(3, next.FilesRead); // its stamp could not vouch for it, so the run reads (one changed file means every file)
        Assert.Equal(0, next.ChangedFiles); // and finds it unchanged
    }

    [Fact]
    public void A_new_file_and_a_removed_one_are_seen_without_a_stamp_to_compare()
    {
        using var folder = ThreeDays();
        using var engine = folder.OpenEngine();
        engine.Index();
        File.Delete(Path.Combine(folder.Journal, "2024-03-01.md"));
        File.SetLastWriteTimeUtc(folder.Write("2024-03-04.md", "# 2024-03-04\n\nPainted the shed green.\n"), AnHourAgo);
        var after = engine.Index();
        Assert.Equal((1, 1, 3), (after.ChangedFiles, after.RemovedFiles, after.Entries));
    }
    [Fact]
    public void A_file_indexed_from_disk_is_vouched_for_and_one_from_an_editor_is_not()
    {
        using var folder = ThreeDays();
        using var engine = folder.OpenEngine();
        engine.Index();
        var path = folder.Write("2024-03-02.md", "# 2024-03-02\n\nOiled the gate; it swings without a sound now.\n");
        File.SetLastWriteTimeUtc(path, AnHourAgo.AddMinutes(2));
        engine.UpdateFile(path); // as a watcher reports a save: from disk
        Assert.Equal(0, engine.Index().FilesRead);
        engine.UpdateFile(path, "# 2024-03-02\n\nTyped, not saved.\n"); // an editor's buffer
        var next = engine.Index();
        Assert.Equal((3, 1), (next.FilesRead, next.ChangedFiles)); // the disk's text comes back
    }

    [Fact]
    public void A_rebuild_cut_short_is_taken_up_again_by_the_next_run()
    {
        using var folder = ThreeDays();
        using var engine = folder.OpenEngine();
        engine.Index();
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Rebuild(new CancelAtFirstReport(cancel), cancel.Token));
        var next = engine.Index();
        Assert.Equal((3, 3), (next.FilesRead, next.ChangedFiles)); // every file read and chunked again: the rebuild, whole
        Assert.Equal(0, engine.Index().FilesRead);                // and done: nothing pending after it
    }

    [Fact]
    public void Another_size_limit_reads_every_file_again()
    {
        using var folder = ThreeDays();
        using (var engine = folder.OpenEngine()) engine.Index();
        using var limited = JournalEngine.Open(new JournalEngineOptions { JournalFolder = folder.Journal, IndexPath = folder.IndexPath, Embedder = SharedModel.Instance, MaxFileBytes = 40 });
        var run = limited.Index();
        Assert.Equal((3, 3), (run.FilesRead, run.Skipped.Count)); // each day is over 40 bytes
    }

    private sealed class CancelAtFirstReport(CancellationTokenSource cancel) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => cancel.Cancel();
    }
}

/// <summary>The model only when something must be embedded: what an editor asks of an indexed journal never waits for it.</summary>
public class ModelOnlyWhenNeededTests
{
    [Fact]
    public void Hovers_lenses_similar_days_on_this_day_and_a_timeline_need_no_model()
    {
        using var folder = new TempFolder();
        foreach (var (day, text) in new[] { ("2024-03-01", "Walked to the harbour and watched the boats come in."), ("2025-03-01", "Back at the harbour, the same boats, a year on.") })
            File.SetLastWriteTimeUtc(folder.Write($"{day}.md", $"# {day}\n\n{text}\n"), DateTime.UtcNow.AddHours(-1));
        using (var indexing = folder.OpenEngine()) indexing.Index();

        using var engine = folder.OpenEngine(new Untouchable(SharedModel.Instance.Model));
        Assert.Equal(0, engine.Index().FilesRead); // a warm run at start: nothing to embed
        var source = new SimilarQuery(Path: "2025-03-01.md", Line: 2, Top: 5);
        Assert.Contains(engine.Similar(source), r => r.Date == new DateOnly(2024, 3, 1)); // the hover's and the view's list
        _ = engine.RelatedCount(source);                                                     // the lens
        Assert.Contains(engine.OnThisDay(new DateOnly(2025, 3, 1)), r => r.Date == new DateOnly(2024, 3, 1));
        Assert.Equal(2, engine.Timeline(null).Bins.Sum(b => b.Entries));
        // A question is embedded: the model is asked for (this one refuses, so the test would see any other use).
        Assert.Throws<InvalidOperationException>(() => engine.Ask("boats in the harbour"));
    }

    [Fact]
    public async Task A_question_given_to_the_model_load_is_embedded_there_once_and_ask_reuses_its_vector()
    {
        using var folder = new TempFolder();
        folder.Write("2024-03-01.md", "# 2024-03-01\n\nWalked to the harbour and watched the boats come in.\n");
        using (var indexing = folder.OpenEngine()) indexing.Index();
        var counting = new Counting(SharedModel.Instance);
        using var engine = folder.OpenEngine(counting);

        await engine.LoadModelSoon("tell me about boats in the harbour in 2024").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(["boats in the harbour"], counting.Questions); // the words Ask embeds: date phrase and framing out

        var results = engine.Ask("tell me about boats in the harbour in 2024");
        Assert.Equal(["boats in the harbour"], counting.Questions); // not embedded again
        Assert.Equal(new DateOnly(2024, 3, 1), results[0].Date);
    }

    [Fact]
    public async Task A_question_asked_while_the_model_loads_with_it_is_embedded_once()
    {
        using var folder = new TempFolder();
        folder.Write("2024-03-01.md", "# 2024-03-01\n\nWalked to the harbour and watched the boats come in.\n");
        using (var indexing = folder.OpenEngine()) indexing.Index();
        using var release = new ManualResetEventSlim();
        var counting = new Counting(SharedModel.Instance, release);
        using var engine = folder.OpenEngine(counting);

        var loading = engine.LoadModelSoon("boats in the harbour");
        Assert.True(SpinWait.SpinUntil(() => !counting.Questions.IsEmpty, TimeSpan.FromSeconds(30))); // its embedding has begun
        var asking = Task.Run(() => engine.Ask("boats in the harbour"));
        await Task.Delay(300); // time enough for the question to reach the model, were it not to wait
        release.Set();
        var results = await asking.WaitAsync(TimeSpan.FromSeconds(60));
        await loading;

        Assert.Equal(["boats in the harbour"], counting.Questions); // the query waited for the loading thread's vector
        Assert.Equal(new DateOnly(2024, 3, 1), results[0].Date);
    }

    // The real model, with every question it embeds written down; with a gate, each question waits for it to open.
    private sealed class Counting(ITextEmbedder inner, ManualResetEventSlim? gate = null) : ITextEmbedder
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Questions { get; } = new();
        public EmbeddingModelInfo Model => inner.Model;
        public int CountTokens(string text) => inner.CountTokens(text);
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => inner.Embed(texts, cancellationToken);
        public float[] EmbedQuery(string question)
        {
            Questions.Enqueue(question);
            gate?.Wait(TimeSpan.FromSeconds(60));
            return inner.EmbedQuery(question);
        }
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
            CancellationToken cancellationToken = default) => inner.GenerateAsync(values, options, cancellationToken);
        public object? GetService(Type serviceType, object? serviceKey = null) => null;
        public void Dispose() { } // the shared model outlives the test
    }

    // An embedder that refuses every use: what runs without it needs no model.
    private sealed class Untouchable(EmbeddingModelInfo model) : ITextEmbedder
    {
        public EmbeddingModelInfo Model => model;
        public int CountTokens(string text) => throw Used();
        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => throw Used();
        public float[] EmbedQuery(string question) => throw Used();
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
            CancellationToken cancellationToken = default) => throw Used();
        public object? GetService(Type serviceType, object? serviceKey = null) => null;
        public void Dispose() { }
        private static InvalidOperationException Used() => new("the model was used");
    }
}
