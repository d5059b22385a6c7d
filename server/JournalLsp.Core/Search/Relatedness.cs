namespace JournalLsp.Core.Search;

/// <summary>
/// When a similar day, or an answer to a question, is related at all. Similarity scores have no fixed meaning across journals (a diary of one
/// person's office days scores every pair higher than a folder of unrelated notes), so the bar is set per source entry
/// from the scores of all its candidates: a day is related when it stands out of that distribution, at least
/// <see cref="MinZ"/> standard deviations above the mean, and clears an absolute <see cref="Floor"/>. Pure functions.
/// <para>Calibrated on the Pepys diary (3,406 candidates a day, centred MaxSim scores, see
/// <see cref="DenseRanker.ScoreSimilar"/>; 12 source days measured with <c>similar --top 4000</c>): candidate scores
/// have a mean of 0.05-0.10 and a standard deviation of 0.06-0.10 per source, so the bar falls at 0.23-0.36; z ≥ 3
/// keeps 0-13 days per source (at most 0.4%, the upper tail of a near-normal distribution: 200 random pairs per source
/// have z of mean 0.03, sd 0.97). From 2 September 1666 the fire days outside the ±3-day window stand at z 3.7
/// (6 September, related) and 2.7 (7 September, just short); from the coronation day (1661-04-23) they stand at z 1.4
/// and 1.5, not related. A journal with fewer than <see cref="MinCandidates"/> candidates has no distribution to calibrate against
/// (z over n scores is bounded by √(n − 1), and the mean is dominated by the few notes there are), so nothing in it
/// counts as related yet: in node-gyp's README, CHANGELOG and CONTRIBUTING the centred scores ran from 0.05 to 0.42
/// depending only on which file was the longer.</para>
/// </summary>
public static class Relatedness
{
    /// <summary>Standard deviations above the mean of a source's candidate scores that a related day needs: 3.</summary>
    public const double MinZ = 3;

    /// <summary>
    /// The lowest centred score a related day may have, whatever the distribution: 0.2, below the lowest bar z ≥ 3 set on
    /// Pepys (0.23), so it never decides there; a journal whose days all read alike (a narrow spread) must still show
    /// real likeness.
    /// </summary>
    public const float Floor = 0.2f;

    /// <summary>
    /// Below this many candidates nothing is related: 30, the usual size for a sample's mean and standard deviation to
    /// be trusted (the standard deviation is then within about 13% of the true one, 1 / √(2n)).
    /// </summary>
    public const int MinCandidates = 30;

    /// <summary>
    /// The cosine similarity an entry's best passage or sentence window needs to count as related to a question on its
    /// own: 0.50. With <see cref="MinCosineWithWords"/> and <see cref="MinWordShare"/> calibrated on dev only
    /// (docs/quality.md, "Honest relevance"): of the Pepys dev questions' accepted days found in the first 10, 7.5% were
    /// left unrelated (misses), and of the first 5 results of 60 off-topic dev questions ("my phone battery died", "the
    /// vet said our old dog had to be put to sleep") 4.3% were marked related (false alarms). On cosine alone no
    /// threshold kept both under 10% and 5% there: 0.45 missed 8.2% with 15.3% false alarms, 0.50 missed 26.0% with 3%.
    /// </summary>
    public const float MinQuestionCosine = 0.50f;

    /// <summary>
    /// The lower cosine that suffices when the entry also holds enough of the question's words
    /// (<see cref="MinWordShare"/>): 0.40, the threshold for cosine alone before. On SciFact's train split 95% of the
    /// relevant abstracts found in the top 100 scored at least 0.396 (passages).
    /// </summary>
    public const float MinCosineWithWords = 0.40f;

    /// <summary>
    /// The share of the question's words, weighted by rarity (<see cref="QuestionLists.WordShares"/>), that lets
    /// <see cref="MinCosineWithWords"/> suffice: 0.35. On dev the accepted days found held a median 0.35-0.40 of a
    /// paraphrase's, feeling's or vague memory's words (0.81 of a remembered phrase's), the results of off-topic
    /// questions a median 0. A share, not a rank, so it means the same in a journal of 30 entries as of 3,000; it is
    /// read from BM25's first <see cref="Fusion.Depth"/> entries, so a day past them (a question whose words hundreds
    /// of days hold) needs the cosine alone.
    /// </summary>
    public const double MinWordShare = 0.35;

    /// <summary>
    /// Whether an entry is related to a question, from its best dense cosine (passage or window; −1 for none) and the
    /// share of the question's words it holds (0 when BM25 did not find it or did not run): the cosine reaches
    /// <see cref="MinQuestionCosine"/>, or <see cref="MinCosineWithWords"/> with a word share of at least
    /// <see cref="MinWordShare"/>. Words alone never suffice: a rare word can match a day about something else.
    /// </summary>
    public static bool ToQuestion(float cosine, double wordShare) =>
        cosine >= MinQuestionCosine || (cosine >= MinCosineWithWords && wordShare >= MinWordShare);

    /// <summary>
    /// The score a candidate needs to count as related, given the scores of every candidate of one source:
    /// max(<see cref="Floor"/>, mean + <see cref="MinZ"/> × standard deviation), or +∞ (none) for fewer than
    /// <see cref="MinCandidates"/> candidates.
    /// </summary>
    public static float Threshold(IReadOnlyCollection<EntryHit> candidates) => Threshold(candidates, MinZ, Floor);

    /// <summary>
    /// The score a candidate needs to stand <paramref name="z"/> standard deviations above the mean of every candidate of
    /// one source, and at least <paramref name="floor"/>; +∞ (none) for fewer than <see cref="MinCandidates"/> candidates.
    /// </summary>
    public static float Threshold(IReadOnlyCollection<EntryHit> candidates, double z, double floor)
    {
        if (candidates.Count < MinCandidates) return float.PositiveInfinity;
        double sum = 0, squares = 0;
        foreach (var hit in candidates)
        {
            sum += hit.Score;
            squares += (double)hit.Score * hit.Score;
        }
        var mean = sum / candidates.Count;
        var sd = Math.Sqrt(Math.Max(0, squares / candidates.Count - mean * mean));
        return (float)Math.Max(floor, mean + z * sd);
    }
}
