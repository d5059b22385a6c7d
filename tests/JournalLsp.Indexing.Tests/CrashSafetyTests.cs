using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// Crash safety: the CLI indexes the whole diary in a child process that is killed (SIGKILL) at several moments, some
/// of them while a commit is being written; after each kill the index must be sound and hold whole files only, and
/// the run that finishes must embed only what no killed run had committed.
/// </summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public void Killing_the_indexer_at_any_moment_leaves_a_sound_index_of_whole_files_and_the_restart_resumes()
    {
        using var folder = new TempFolder();
        var journal = Path.Combine(TestData.Pepys, "daily");
        var index = folder.IndexPath;
        var random = new Random(20261202);
        var states = new List<Dictionary<string, string>>();
        long committed = 0;
        for (var kill = 0; kill < 4; kill++)
        {
            using var child = Start(journal, index);
            // Odd kills: the moment the write-ahead log grows (a commit being written); even ones: at a random time.
            var clock = Stopwatch.StartNew();
            var wal = index + "-wal";
            var at = TimeSpan.FromSeconds(3 + random.NextDouble() * 12);
            long walLength = -1;
            while (!child.HasExited)
            {
                var length = File.Exists(wal) ? new FileInfo(wal).Length : -1;
                if (kill % 2 == 1 ? walLength > 0 && length > walLength && clock.Elapsed > at / 2 : clock.Elapsed > at) break;
                walLength = length;
                Thread.Sleep(kill % 2 == 1 ? 1 : 20);
            }
            if (child.HasExited) break; // finished before the kill (a fast machine): nothing left to interrupt
            child.Kill();
            child.WaitForExit();
            var state = Check(index, out var vectors);
            output.WriteLine($"kill {kill} after {clock.Elapsed.TotalSeconds:F1} s: {state.Count} files, {vectors} vectors committed");
            Assert.True(vectors >= committed, $"vectors went from {committed} to {vectors}: committed work was lost");
            committed = vectors;
            states.Add(state);
        }
        Assert.True(states.Count >= 2, "the runs were not interrupted");

        using (var last = Start(journal, index))
        {
            var stdout = last.StandardOutput.ReadToEnd();
            last.WaitForExit();
            Assert.True(last.ExitCode == 0, last.StandardError.ReadToEnd());
            var summary = JsonDocument.Parse(stdout).RootElement;
            var final = Check(index, out var vectors);
            // The restart embedded exactly what no killed run had committed.
            Assert.Equal(vectors - committed, summary.GetProperty("embedded").GetInt64());
            Assert.Equal(3413, summary.GetProperty("entries").GetInt32());
            Assert.Equal(Directory.GetFiles(journal, "*.md", SearchOption.AllDirectories).Length, final.Count);
            // Whole files only: every file a killed run had committed is exactly as the finished index has it.
            foreach (var state in states)
                foreach (var (path, shape) in state)
                    Assert.True(final.TryGetValue(path, out var done) && done == shape, $"{path}: {shape} after a kill, {done} at the end");
        }
    }

    private static Process Start(string journal, string index)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "journal-lsp.dll"), "index", journal, "--index", index, "--json" })
            start.ArgumentList.Add(a);
        start.Environment["ORT_DISABLE_TELEMETRY"] = "1";
        return Process.Start(start)!;
    }

    // The index as a killed run left it: sound (integrity_check), every chunk and window with its vector, and each
    // indexed file's shape (its entries and their chunks' keys), by path.
    private static Dictionary<string, string> Check(string index, out long vectors)
    {
        using var db = new SqliteConnection($"Data Source={index};Pooling=false");
        db.Open(); // read-write: the next run would open it so too, replaying the write-ahead log
        string Scalar(string sql)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToString(cmd.ExecuteScalar())!;
        }
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        Assert.Equal("0", Scalar("SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.key = c.embedding_key)"));
        Assert.Equal("0", Scalar("SELECT count(*) FROM windows w WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.key = w.embedding_key)"));
        Assert.Equal("0", Scalar("SELECT count(*) FROM files f WHERE skip_reason IS NULL AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.file_id = f.id)"));
        vectors = long.Parse(Scalar("SELECT count(*) FROM embeddings"));
        var shapes = new Dictionary<string, string>();
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT f.path, group_concat(e.date || ':' || (SELECT group_concat(hex(c.embedding_key), ',') FROM chunks c WHERE c.entry_id = e.id)
                || ':' || (SELECT count(*) FROM windows w WHERE w.entry_id = e.id), ';')
            FROM files f JOIN entries e ON e.file_id = f.id GROUP BY f.path
            """;
        using var r = cmd.ExecuteReader();
        while (r.Read()) shapes[r.GetString(0)] = r.GetString(1);
        return shapes;
    }
}
