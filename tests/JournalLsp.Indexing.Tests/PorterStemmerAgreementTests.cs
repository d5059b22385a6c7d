using JournalLsp.Core.Search;
using JournalLsp.Core.Text;
using Microsoft.Data.Sqlite;

namespace JournalLsp.Indexing.Tests;

/// <summary><see cref="PorterStemmer"/> against the full-text index's own porter tokenizer (SQLite FTS5).</summary>
public class PorterStemmerAgreementTests
{
    [Fact]
    public void Every_word_of_the_whole_diary_stems_as_the_full_text_index_stems_it()
    {
        var words = Directory.GetFiles(Path.Combine(TestData.Pepys, "daily"), "*.md", SearchOption.AllDirectories)
            .SelectMany(f => LexicalRanker.Words(File.ReadAllText(f))).Where(PorterStemmer.CanStem).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(words.Count > 15_000, $"only {words.Count} distinct words");

        // Each word a row of an FTS5 table with the index's tokenizer; fts5vocab 'instance' gives the term each row holds.
        using var db = new SqliteConnection("Data Source=:memory:");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE words USING fts5(w, tokenize='porter unicode61'); CREATE VIRTUAL TABLE stems USING fts5vocab(words, 'instance');";
            create.ExecuteNonQuery();
        }
        using (var tx = db.BeginTransaction())
        using (var insert = db.CreateCommand())
        {
            insert.CommandText = "INSERT INTO words(rowid, w) VALUES ($id, $w)";
            var (id, w) = (insert.Parameters.Add("$id", SqliteType.Integer), insert.Parameters.Add("$w", SqliteType.Text));
            for (var i = 0; i < words.Count; i++)
            {
                (id.Value, w.Value) = (i, words[i]);
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        var sqlite = new Dictionary<long, string>();
        using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT doc, term FROM stems";
            using var r = read.ExecuteReader();
            while (r.Read()) sqlite[r.GetInt64(0)] = r.GetString(1);
        }

        var differ = words.Select((word, i) => (word, ours: PorterStemmer.Stem(word), fts5: sqlite[i])).Where(d => d.ours != d.fts5).ToList();
        Assert.True(differ.Count == 0, $"{differ.Count} of {words.Count} words stem otherwise: {string.Join(", ", differ.Take(20))}");
    }
}
