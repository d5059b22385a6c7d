using System.Text.Json;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// Ranking quality cannot regress unnoticed: BEIR SciFact (5,183 abstracts, 300 test queries) through <c>eval beir</c>
/// and our Pepys question set through <c>eval days</c>, both the same code path as <c>ask</c>, must stay within 0.01
/// of the figures measured when each ranking landed. Notes and indexes are kept in the repository's .cache/eval, so
/// only the first run on a machine indexes (on 2 cores, int8 with AVX-VNNI: SciFact about 2.5 minutes, Pepys about
/// 1.5; fp32: about 3.5 and 2.5).
/// </summary>
public sealed class RankingQualityTests
{
    // Each figure twice, for the default model on this machine (EmbeddingModelInfo.Default): all-MiniLM-L6-v2-int8
    // where the CPU has AVX-VNNI, all-MiniLM-L6-v2 (fp32) elsewhere; measured with sentence windows pooled from their
    // passages (late chunking), vectors stored as int8, and int8 one text at a time (batched, Pepys hybrid success@5
    // fell to 0.775 and similar-days recall@10 to 0.123).
    private static double ForDefault(double withInt8, double withFp32) =>
        Embeddings.EmbeddingModelInfo.Default.Precision == Embeddings.ModelPrecision.Int8 ? withInt8 : withFp32;

    // nDCG@10 on SciFact test; hybrid is dense passages, dense windows and BM25 at 0.2 / 0.4 / 0.4. Published for
    // comparison: BM25 0.665 (BEIR) / 0.679 (Anserini flat); all-MiniLM-L6-v2 0.645 (MTEB, one vector per document);
    // our dense ranks chunks and scores a document by its best one.
    [Theory]
    [InlineData("dense", 0.6747, 0.6809)]
    [InlineData("bm25", 0.6740, 0.6740)]
    [InlineData("hybrid", 0.7251, 0.7293)]
    public void SciFact_ndcg_at_10_stays_within_0_01_of_what_was_measured(string mode, double withInt8, double withFp32)
    {
        var measured = ForDefault(withInt8, withFp32);
        var work = Path.Combine(TestData.RepoRoot, ".cache", "eval", "beir-scifact");
        var result = Eval("beir", Path.Combine(TestData.Corpora, "beir-scifact"), "--mode", mode, "--work", work);
        Assert.Equal(mode, result.GetProperty("mode").GetString());
        Assert.Equal(300, result.GetProperty("queries").GetInt32());
        AtLeast(result, "ndcg10", measured, mode);
        Assert.InRange(result.GetProperty("recall100").GetDouble(), 0.85, 1.0);
    }

    // Measured on tests/eval/pepys-questions.tsv (40 questions: 26 paraphrases, 14 quotations) over the whole diary.
    [Theory]
    [InlineData("hybrid", 0.800, 0.6246, 0.800, 0.624)]
    [InlineData("dense", 0.575, 0.4108, 0.575, 0.392)]
    [InlineData("bm25", 0.650, 0.5418, 0.650, 0.542)]
    public void Pepys_questions_stay_within_0_01_of_what_was_measured(string mode, double success5Int8, double mrr10Int8, double success5, double mrr10)
    {
        var result = EvalPepys("days", mode);
        Assert.Equal(40, result.GetProperty("questions").GetInt32());
        AtLeast(result, "success5", ForDefault(success5Int8, success5), mode);
        AtLeast(result, "mrr10", ForDefault(mrr10Int8, mrr10), mode);
    }

    // Similar days from each day of the question set's groups of related days (eval similar).
    [Theory]
    [InlineData("hybrid", 0.1423, 0.3516, 0.1454, 0.357)] // "more like this" without terms in over 5% of chunks; 0.1329 / 0.3233 and 0.1255 / 0.324 with them
    [InlineData("dense", 0.0777, 0.3032, 0.0776, 0.302)]
    public void Pepys_similar_days_stay_within_0_01_of_what_was_measured(string mode, double recall10Int8, double mrr10Int8, double recall10, double mrr10)
    {
        var result = EvalPepys("similar", mode);
        Assert.Equal(45, result.GetProperty("sources").GetInt32());
        AtLeast(result, "recall10", ForDefault(recall10Int8, recall10), mode);
        AtLeast(result, "mrr10", ForDefault(mrr10Int8, mrr10), mode);
    }

    // `eval days` or `eval similar` on the whole diary and our question set, with the index cached in .cache/eval/pepys.
    private static JsonElement EvalPepys(string command, string mode) =>
        Eval(command, Path.Combine(TestData.Pepys, "daily"), Path.Combine(TestData.RepoRoot, "tests", "eval", "pepys-questions.tsv"),
            "--index", Path.Combine(TestData.RepoRoot, ".cache", "eval", "pepys", "index.db"), "--mode", mode);

    // A figure may not fall more than 0.01 below what was measured.
    private static void AtLeast(JsonElement result, string figure, double measured, string mode)
    {
        var value = result.GetProperty(figure).GetDouble();
        Assert.True(value >= measured - 0.01, $"{mode} {figure} fell to {value:F4} (measured {measured:F4})");
    }

    // The CLI's eval command with --json; the rows of a theory run one after another, so the first builds the shared
    // index and the others reuse it.
    private static JsonElement Eval(params string[] args)
    {
        var (code, stdout, stderr) = CliProcess.Run(null, ["eval", .. args, "--json"]);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }
}
