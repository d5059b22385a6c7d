using JournalLsp.Core.Text;

namespace JournalLsp.Core.Tests;

public class PorterStemmerTests
{
    // Expected stems as SQLite's FTS5 porter tokenizer gives them (an fts5vocab 'instance' table over these words):
    // Porter's own examples, step by step, and the edge cases of short stems.
    [Theory]
    [InlineData("caresses", "caress"), InlineData("ponies", "poni"), InlineData("ties", "ti"), InlineData("caress", "caress")]
    [InlineData("cats", "cat"), InlineData("feed", "feed"), InlineData("agreed", "agre"), InlineData("plastered", "plaster")]
    [InlineData("bled", "bled"), InlineData("motoring", "motor"), InlineData("sing", "sing"), InlineData("conflated", "conflat")]
    [InlineData("troubled", "troubl"), InlineData("sized", "size"), InlineData("hopping", "hop"), InlineData("tanned", "tan")]
    [InlineData("falling", "fall"), InlineData("hissing", "hiss"), InlineData("fizzed", "fizz"), InlineData("failing", "fail")]
    [InlineData("filing", "file"), InlineData("happy", "happi"), InlineData("sky", "sky"), InlineData("relational", "relat")]
    [InlineData("conditional", "condit"), InlineData("rational", "ration"), InlineData("valenci", "valenc"), InlineData("hesitanci", "hesit")]
    [InlineData("digitizer", "digit"), InlineData("conformabli", "conform"), InlineData("radicalli", "radic"), InlineData("differentli", "differ")]
    [InlineData("vileli", "vile"), InlineData("analogousli", "analog"), InlineData("vietnamization", "vietnam"), InlineData("predication", "predic")]
    [InlineData("operator", "oper"), InlineData("feudalism", "feudal"), InlineData("decisiveness", "decis"), InlineData("hopefulness", "hope")]
    [InlineData("callousness", "callous"), InlineData("formaliti", "formal"), InlineData("sensitiviti", "sensit"), InlineData("sensibiliti", "sensibl")]
    [InlineData("triplicate", "triplic"), InlineData("formative", "form"), InlineData("formalize", "formal"), InlineData("electriciti", "electr")]
    [InlineData("electrical", "electr"), InlineData("hopeful", "hope"), InlineData("goodness", "good"), InlineData("revival", "reviv")]
    [InlineData("allowance", "allow"), InlineData("inference", "infer"), InlineData("airliner", "airlin"), InlineData("gyroscopic", "gyroscop")]
    [InlineData("adjustable", "adjust"), InlineData("defensible", "defens"), InlineData("irritant", "irrit"), InlineData("replacement", "replac")]
    [InlineData("adjustment", "adjust"), InlineData("dependent", "depend"), InlineData("adoption", "adopt"), InlineData("homologou", "homolog")]
    [InlineData("communism", "commun"), InlineData("activate", "activ"), InlineData("angulariti", "angular"), InlineData("homologous", "homolog")]
    [InlineData("effective", "effect"), InlineData("bowdlerize", "bowdler"), InlineData("probate", "probat"), InlineData("rate", "rate")]
    [InlineData("cease", "ceas"), InlineData("controll", "control"), InlineData("roll", "roll"), InlineData("offices", "offic")]
    [InlineData("office", "offic"), InlineData("generalizations", "gener"), InlineData("oscillators", "oscil"), InlineData("eed", "e")]
    [InlineData("aed", "a"), InlineData("yes", "ye"), InlineData("ies", "ie"), InlineData("flies", "fli"), InlineData("dying", "dy")]
    [InlineData("lying", "ly"), InlineData("tied", "ti"), InlineData("skies", "ski"), InlineData("news", "new"), InlineData("1665", "1665")]
    public void Stems_as_the_full_text_index_does(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("as"), InlineData("us"), InlineData("ed")] // shorter than 3: as it is (step 1a would make "as" "a")
    public void Short_tokens_pass_through(string word) => Assert.Equal(word, PorterStemmer.Stem(word));

    [Fact]
    public void Tokens_of_up_to_64_characters_are_stemmed_and_longer_ones_pass_through()
    {
        var stem = string.Concat(Enumerable.Repeat("ba", 30));
        Assert.Equal(stem, PorterStemmer.Stem(stem + "ings")); // 64 characters
        Assert.Equal(stem + "xings", PorterStemmer.Stem(stem + "xings")); // 65
    }

    [Theory]
    [InlineData("café", false), InlineData("Office", false), InlineData("king's", false), InlineData("", false), InlineData("1665th", true)]
    public void Only_lower_case_ascii_words_are_stemmed(string word, bool stemmable)
    {
        Assert.Equal(stemmable, PorterStemmer.CanStem(word));
        if (!stemmable) Assert.Throws<ArgumentException>(() => PorterStemmer.Stem(word));
    }
}
