using System.Diagnostics;
using System.Text.Json;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// Ranking quality cannot regress unnoticed: BEIR SciFact (5,183 abstracts, 300 test queries) through <c>eval beir</c>,
/// the same code path as <c>ask</c>, must stay within 0.01 nDCG@10 of the figures measured when each ranking landed.
/// The notes and index are kept in the repository's .cache/eval, so only the first run on a machine indexes (about
/// 2.5 minutes on 2 cores).
/// </summary>
public sealed class BeirEvaluationTests
{
    // Measured at the commit that made hybrid the default (2 cores, all-MiniLM-L6-v2): nDCG@10 on SciFact test.
    // Published for comparison: BM25 0.665 (BEIR) / 0.679 (Anserini flat); all-MiniLM-L6-v2 0.645 (MTEB, one vector
    // per document); our dense ranks chunks and scores a document by its best one.
    [Theory]
    [InlineData("dense", 0.6809)]
    [InlineData("bm25", 0.6740)]
    [InlineData("hybrid", 0.7351)]
    public async Task SciFact_ndcg_at_10_stays_within_0_01_of_what_was_measured(string mode, double measured)
    {
        var work = Path.Combine(TestData.RepoRoot, ".cache", "eval", "beir-scifact");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "journal-lsp.dll"), "eval", "beir",
                     Path.Combine(TestData.Corpora, "beir-scifact"), "--mode", mode, "--work", work, "--json" })
            start.ArgumentList.Add(a);
        // The theory's rows run one after another: the first builds the shared index, the others reuse it.
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(mode, result.GetProperty("mode").GetString());
        Assert.Equal(300, result.GetProperty("queries").GetInt32());
        var ndcg = result.GetProperty("ndcg10").GetDouble();
        Assert.True(ndcg >= measured - 0.01, $"{mode} nDCG@10 fell to {ndcg:F4} (measured {measured:F4})");
        Assert.InRange(result.GetProperty("recall100").GetDouble(), 0.85, 1.0);
    }
}
