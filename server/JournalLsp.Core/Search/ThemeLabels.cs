using JournalLsp.Core.Text;

namespace JournalLsp.Core.Search;

/// <summary>
/// A theme's label: its most distinctive words against the rest of the journal by class-based TF-IDF, as BERTopic
/// labels its topics (Grootendorst 2022, arXiv 2203.05794, §3.3): all of a theme's passages are one document, and a
/// word weighs W(t, c) = tf(t, c) / |c| × log(1 + A / f(t)), with tf its count in theme c, |c| the theme's word count,
/// f(t) its count in the whole journal and A the mean word count of a theme. Words are those BM25 keeps
/// (<see cref="LexicalRanker.Candidates"/>: three letters or more, no numbers) less <see cref="FunctionWords"/>,
/// grouped by their Porter stem and shown as most often written. Pure.
/// </summary>
public static class ThemeLabels
{
    /// <summary>How many words a label holds: 5.</summary>
    public const int MaxTerms = 5;

    /// <summary>
    /// A word must appear in at least this many of a theme's passages to name it: 2, so that one passage's rare
    /// name (a single visitor) does not label a theme of hundreds.
    /// </summary>
    public const int MinPassages = 2;

    /// <summary>
    /// Function words no label should hold: pronouns, auxiliaries, determiners, conjunctions and the like (the kind
    /// of Snowball's English stop list), with the older forms a diary of another century writes ("hath", "thence").
    /// c-TF-IDF weighs words against other themes only, so a theme about a woman would otherwise be labelled "her, she".
    /// </summary>
    public static readonly IReadOnlySet<string> FunctionWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "the", "and", "but", "for", "nor", "yet", "not", "all", "any", "both", "each", "few", "more", "most", "other",
        "some", "such", "own", "same", "than", "too", "very", "can", "will", "just", "don", "should", "now", "was",
        "were", "been", "being", "have", "has", "had", "having", "does", "did", "doing", "would", "could", "might",
        "must", "shall", "may", "are", "his", "her", "hers", "him", "she", "they", "them", "their", "theirs", "you",
        "your", "yours", "our", "ours", "its", "who", "whom", "whose", "which", "what", "this", "that", "these",
        "those", "there", "here", "where", "when", "why", "how", "then", "thence", "thither", "hither", "whither",
        "hath", "doth", "thereof", "therein", "thereby", "upon", "unto", "into", "onto", "from", "with", "without",
        "about", "above", "below", "after", "before", "between", "through", "during", "again", "further", "once", "out",
        "off", "over", "under", "until", "while", "also", "only", "one", "two", "says", "said", "say", "done", "come",
        "came", "went", "goes", "going", "got", "get", "make", "made", "mighty", "much", "many", "myself", "himself",
        "herself", "itself", "themselves", "ourselves", "yourself", "whereof", "wherein", "whereby", "thus", "though",
        "although", "ever", "never", "every", "still", "whether", "because", "since", "till",
    };

    /// <summary>
    /// The <paramref name="max"/> most distinctive words of each theme, best first. <paramref name="themes"/> holds,
    /// per theme, the texts of its passages; the result has one list per theme, in the same order (empty for a theme
    /// without words).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Terms(IReadOnlyList<IReadOnlyList<string>> themes, int max = MaxTerms)
    {
        var counts = new List<Dictionary<string, int>>(themes.Count);   // per theme: stem -> occurrences
        var passages = new List<Dictionary<string, int>>(themes.Count); // per theme: stem -> passages holding it
        var spelling = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal); // stem -> word -> count
        var total = new Dictionary<string, int>(StringComparer.Ordinal);
        long words = 0;
        foreach (var texts in themes)
        {
            var count = new Dictionary<string, int>(StringComparer.Ordinal);
            var holding = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var text in texts)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var word in LexicalRanker.Candidates([text]))
                {
                    if (FunctionWords.Contains(word)) continue;
                    var stem = PorterStemmer.CanStem(word) ? PorterStemmer.Stem(word) : word;
                    count[stem] = count.GetValueOrDefault(stem) + 1;
                    total[stem] = total.GetValueOrDefault(stem) + 1;
                    var forms = spelling.TryGetValue(stem, out var f) ? f : spelling[stem] = new Dictionary<string, int>(StringComparer.Ordinal);
                    forms[word] = forms.GetValueOrDefault(word) + 1;
                    if (seen.Add(stem)) holding[stem] = holding.GetValueOrDefault(stem) + 1;
                    words++;
                }
            }
            counts.Add(count);
            passages.Add(holding);
        }
        var average = themes.Count == 0 ? 0 : (double)words / themes.Count;
        var labels = new List<IReadOnlyList<string>>(themes.Count);
        for (var c = 0; c < themes.Count; c++)
        {
            var size = counts[c].Values.Sum();
            labels.Add([.. counts[c]
                .Where(t => passages[c][t.Key] >= Math.Min(MinPassages, themes[c].Count))
                .Select(t => (Stem: t.Key, Weight: (double)t.Value / size * Math.Log(1 + average / total[t.Key])))
                .OrderByDescending(t => t.Weight).ThenBy(t => t.Stem, StringComparer.Ordinal)
                .Take(max)
                .Select(t => spelling[t.Stem].OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key)]);
        }
        return labels;
    }
}
