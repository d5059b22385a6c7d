namespace JournalLsp.Core.Text;

/// <summary>
/// The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980) exactly as SQLite's
/// FTS5 <c>porter</c> tokenizer applies it (ext/fts5/fts5_tokenize.c), so that a word stemmed here names the term the
/// full-text index holds for it: "offices" and "office" are both "offic". Tokens shorter than 3 or longer than 64
/// characters pass through unchanged, as there. Pure and allocation-light (one string per call).
/// </summary>
public static class PorterStemmer
{
    /// <summary>The longest token FTS5 stems (FTS5_PORTER_MAX_TOKEN, bytes; characters for the ASCII words taken here).</summary>
    public const int MaxToken = 64;

    /// <summary>
    /// The stem of <paramref name="word"/>, which must be lower-case ASCII as the <c>unicode61</c> tokenizer hands it
    /// to <c>porter</c> (see <see cref="CanStem"/>).
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="word"/> is not lower-case ASCII letters and digits.</exception>
    public static string Stem(string word)
    {
        if (!CanStem(word)) throw new ArgumentException($"not a lower-case ASCII word: {word}", nameof(word));
        if (word.Length < 3 || word.Length > MaxToken) return word;
        Span<char> b = stackalloc char[MaxToken + 1]; // step 1b may add an 'e'
        word.CopyTo(b);
        var n = word.Length;

        Step1A(b, ref n);
        if (Step1B(b, ref n) && !Apply(b, ref n, Step1B2))
        {
            var c = b[n - 1];
            if (n > 1 && !IsVowel(c, yIsVowel: false) && c != 'l' && c != 's' && c != 'z' && c == b[n - 2]) n--;
            else if (MEq1(b[..n]) && OStar(b[..n])) b[n++] = 'e';
        }
        if (b[n - 1] == 'y' && HasVowel(b[..(n - 1)])) b[n - 1] = 'i'; // step 1c
        Apply(b, ref n, Step2);
        Apply(b, ref n, Step3);
        Apply(b, ref n, Step4);
        if (b[n - 1] == 'e' && (MGt1(b[..(n - 1)]) || (MEq1(b[..(n - 1)]) && !OStar(b[..(n - 1)])))) n--; // step 5a
        if (n > 1 && b[n - 1] == 'l' && b[n - 2] == 'l' && MGt1(b[..(n - 1)])) n--; // step 5b
        return new string(b[..n]);
    }

    /// <summary>
    /// Whether <paramref name="word"/> is a token FTS5 would stem as it is: lower-case ASCII letters and digits only. A
    /// word with other letters is folded by <c>unicode61</c> first ("café" is stored as "cafe"), which this does not copy.
    /// </summary>
    public static bool CanStem(string word)
    {
        foreach (var c in word)
            if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9')) return false;
        return word.Length > 0;
    }

    // A suffix rule: the suffix is replaced when the stem before it meets the condition. Within a step only the first
    // rule whose suffix ends the word (leaving at least one letter) is tried, whatever its condition says: the longest
    // match, as in Porter's paper.
    private sealed record Rule(string Suffix, string With, Condition If);

    private delegate bool Condition(ReadOnlySpan<char> stem);

    private static Rule[] Rules(Condition condition, params (string Suffix, string With)[] rules) =>
        [.. rules.Select(r => new Rule(r.Suffix, r.With, condition))];

    private static readonly Rule[] Step1B2 = Rules(_ => true, ("at", "ate"), ("bl", "ble"), ("iz", "ize"));

    private static readonly Rule[] Step2 = Rules(MGt0,
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("logi", "log"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
        ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"),
        ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"));

    private static readonly Rule[] Step3 = Rules(MGt0,
        ("ical", "ic"), ("ness", ""), ("icate", "ic"), ("iciti", "ic"), ("ful", ""), ("ative", ""), ("alize", "al"));

    // (m > 1) and the rest; ION only after S or T.
    private static readonly Rule[] Step4 =
    [
        .. Rules(MGt1, ("al", ""), ("ance", ""), ("ence", ""), ("er", ""), ("ic", ""), ("able", ""), ("ible", ""), ("ant", ""),
            ("ement", ""), ("ment", ""), ("ent", "")),
        new("ion", "", s => s[^1] is 's' or 't' && MGt1(s)),
        .. Rules(MGt1, ("ou", ""), ("ism", ""), ("ate", ""), ("iti", ""), ("ous", ""), ("ive", ""), ("ize", "")),
    ];

    // SSES -> SS, IES -> I, SS -> SS, S -> "".
    private static void Step1A(Span<char> b, ref int n)
    {
        if (b[n - 1] != 's') return;
        if (b[n - 2] == 'e') n -= (n > 4 && b[n - 4] == 's' && b[n - 3] == 's') || (n > 3 && b[n - 3] == 'i') ? 2 : 1;
        else if (b[n - 2] != 's') n--;
    }

    // (m > 0) EED -> EE; (*v*) ED -> ""; (*v*) ING -> "". True when ED or ING was removed (step 1b's second part runs).
    private static bool Step1B(Span<char> b, ref int n)
    {
        if (EndsWith(b, n, "eed"))
        {
            if (MGt0(b[..(n - 3)])) n--;
            return false;
        }
        foreach (var suffix in (ReadOnlySpan<string>)["ed", "ing"])
        {
            if (!EndsWith(b, n, suffix)) continue;
            if (!HasVowel(b[..(n - suffix.Length)])) return false;
            n -= suffix.Length;
            return true;
        }
        return false;
    }

    // Applies the first rule whose suffix ends the word, if its condition holds: true when it was applied.
    private static bool Apply(Span<char> b, ref int n, Rule[] rules)
    {
        foreach (var rule in rules)
        {
            if (!EndsWith(b, n, rule.Suffix)) continue;
            var stem = n - rule.Suffix.Length;
            if (!rule.If(b[..stem])) return false;
            rule.With.CopyTo(b[stem..]);
            n = stem + rule.With.Length;
            return true;
        }
        return false;
    }

    // The suffix ends the word and leaves at least one letter before it.
    private static bool EndsWith(Span<char> b, int n, string suffix) => n > suffix.Length && b[..n].EndsWith(suffix);

    // A vowel is a, e, i, o, u, and y after a consonant.
    private static bool IsVowel(char c, bool yIsVowel) => c is 'a' or 'e' or 'i' or 'o' or 'u' || yIsVowel && c == 'y';

    // Past the first vowel-consonant sequence [C](V+)(C+) of s: the index after it, or 0 when s has none.
    private static int PastVc(ReadOnlySpan<char> s, bool previousConsonant)
    {
        var consonant = previousConsonant;
        var i = 0;
        for (; i < s.Length; i++)
            if (!(consonant = !IsVowel(s[i], consonant))) break;
        for (i++; i < s.Length; i++)
            if (consonant = !IsVowel(s[i], consonant)) return i + 1;
        return 0;
    }

    // Porter's measure m of [C](VC)^m[V]: m > 0, m > 1, m = 1.
    private static bool MGt0(ReadOnlySpan<char> s) => PastVc(s, false) != 0;

    private static bool MGt1(ReadOnlySpan<char> s) => PastVc(s, false) is var i and > 0 && PastVc(s[i..], true) != 0;

    private static bool MEq1(ReadOnlySpan<char> s) => PastVc(s, false) is var i and > 0 && PastVc(s[i..], true) == 0;

    // *o: s ends consonant-vowel-consonant, the last not w, x or y.
    private static bool OStar(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || s[^1] is 'w' or 'x' or 'y') return false;
        var mask = 0;
        var consonant = false;
        foreach (var c in s)
        {
            consonant = !IsVowel(c, consonant);
            mask = (mask << 1) | (consonant ? 1 : 0);
        }
        return (mask & 7) == 5;
    }

    // *v*: s holds a vowel (y after the first letter counts).
    private static bool HasVowel(ReadOnlySpan<char> s)
    {
        for (var i = 0; i < s.Length; i++)
            if (IsVowel(s[i], i > 0)) return true;
        return false;
    }
}
