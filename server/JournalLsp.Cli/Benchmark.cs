using System.Diagnostics;
using JournalLsp.Indexing;

namespace JournalLsp.Cli;

/// <summary>
/// The indexing and search benchmark: a cold index from an empty index file, a warm re-run, then ask latency.
/// Prints numbers; asserts nothing.
/// </summary>
internal static class Benchmark
{
    private static readonly string[] s_questions =
    [
        "the great fire of London", "watching the coronation of the King", "the plague killing thousands",
        "a quarrel with my wife", "music and singing in the evening", "going to the theatre to see a play",
        "money troubles and debts", "a dinner with friends and good wine", "the Dutch fleet attacking",
        "feeling unwell with a cold", "buying new clothes", "church sermon on Sunday", "walking in the park",
        "trouble at the office with accounts", "a visit to the Duke of York", "news from the fleet at sea",
        "my eyes are failing", "reading a good book", "a journey by coach to the country", "a new servant girl",
        "drinking too much and regretting it", "the price of things", "a storm on the river", "my father's health",
        "gossip at court", "a vow to drink no wine", "learning to play the flageolet", "dancing at a wedding",
        "a christening feast", "cutting my hair and a periwig", "the King's mistress", "a ship launched at Deptford",
        "paying taxes and the hearth money", "a dream I had", "rising early to work", "my closet and my books",
        "buying a coach and horses", "the death of a friend", "a fight in the street", "the Navy Board meeting",
        "tell me about a day I felt truly alive", "a day of great joy", "in 1665 the plague", "in 1666 the fire",
        "between 1660 and 1662 the King's return", "a cold winter with frost on the Thames",
        "celebrating my birthday", "a letter from my brother", "the comet in the sky", "sleeping late on a holiday",
    ];

    public static int Run(string journalFolder, int questionCount)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"journal-lsp-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        var options = new JournalEngineOptions { JournalFolder = journalFolder, IndexPath = Path.Combine(scratch, "index.db") };
        try
        {
            using var engine = JournalEngine.Open(options);
            Console.WriteLine($"journal: {journalFolder}");
            Console.WriteLine($"model: {engine.ModelId}; cores: {Environment.ProcessorCount}");

            var cold = CliApp.IndexWithProgress(engine, quiet: false);
            Console.WriteLine($"cold index: {cold.Seconds:F1} s; {cold.Entries:N0} entries ({cold.Entries / cold.Seconds:F1}/s), " +
                              $"{cold.Chunks:N0} chunks ({cold.Embedded / cold.Seconds:F1}/s), {cold.TokensEmbedded:N0} tokens ({cold.TokensEmbedded / cold.Seconds:F0} tokens/s)");
            Console.WriteLine($"peak RSS after cold index: {PeakRssMb():F0} MB");

            var warm = CliApp.IndexWithProgress(engine, quiet: true);
            Console.WriteLine($"warm re-run: {warm.Seconds:F2} s; embedded {warm.Embedded}, reused {warm.Reused:N0}");

            engine.Ask("warm-up question"); // loads the corpus; not timed
            var latencies = new List<double>();
            for (var i = 0; i < questionCount; i++)
            {
                var clock = Stopwatch.StartNew();
                engine.Ask(s_questions[i % s_questions.Length], new AskOptions(Top: 10));
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            Console.WriteLine($"ask latency over {questionCount} questions: p50 {Percentile(latencies, 0.50):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms");
            Console.WriteLine($"peak RSS: {PeakRssMb():F0} MB");
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    // VmHWM: the process's peak resident set (MB).
    private static double PeakRssMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }
}
