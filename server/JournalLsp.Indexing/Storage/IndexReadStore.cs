using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using JournalLsp.Core.Search;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace JournalLsp.Indexing.Storage;

/// <summary>
/// A read-only connection to an index that an <see cref="IndexWriteStore"/> keeps: in WAL mode it reads the last
/// committed state while the writer writes, so queries never wait for an indexing run. It has no write methods.
/// </summary>
internal sealed class IndexReadStore : SqliteStore
{
    private IndexReadStore(SqliteConnection db, string path) : base(db, path)
    {
    }

    /// <summary>
    /// A second, read-only connection to an index an <see cref="IndexWriteStore"/> has opened: in WAL mode it reads
    /// the last committed state while the writer keeps writing, so queries never wait for an indexing run.
    /// </summary>
    public static IndexReadStore Open(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly,
        }.ToString());
        db.Open();
        Execute(db, "PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY;"); // sorts never spill journal text to a temp file
        return new IndexReadStore(db, path);
    }

    public (int Files, int Entries, int Chunks, int Windows) Counts() => (
        Convert.ToInt32(Scalar(Db, "SELECT count(*) FROM files WHERE skip_reason IS NULL")),
        Convert.ToInt32(Scalar(Db, "SELECT count(*) FROM entries")),
        Convert.ToInt32(Scalar(Db, "SELECT count(*) FROM chunks")),
        Convert.ToInt32(Scalar(Db, "SELECT count(*) FROM windows")));

    /// <summary>Files that were skipped, with why.</summary>
    public List<(string Path, string Reason)> SkippedFiles() =>
        Query("SELECT path, skip_reason FROM files WHERE skip_reason IS NOT NULL ORDER BY path",
            r => (r.GetString(0), r.GetString(1)));

    /// <summary>Problems met while indexing files that were still indexed.</summary>
    public List<(string Path, string Warning)> Warnings() =>
        Query("SELECT path, warnings FROM files WHERE warnings IS NOT NULL ORDER BY path", r => (r.GetString(0), r.GetString(1)))
            .SelectMany(w => w.Item2.Split('\n').Select(line => (w.Item1, line))).ToList();

    /// <summary>
    /// Loads every entry and chunk vector into one <see cref="SearchCorpus"/>, from one consistent snapshot: from the
    /// corpus file when it was written at the content stamp the index holds now (<see cref="CorpusFile"/>), else from
    /// the tables, with that stamp (<see cref="ContentStamp"/>); with <paramref name="paths"/>, only the entries of
    /// those files (as they are now; a file no longer indexed has none), for <see cref="SearchCorpus.Replacing"/>, from
    /// the tables and without a stamp (a part names no content).
    /// </summary>
    public LoadedCorpus LoadCorpus(int dimensions, IReadOnlyCollection<string>? paths = null)
    {
        // One read transaction: a commit landing between the queries must not leave chunks without their entry, and
        // the stamp read first is the content the corpus file must have been written at.
        using var snapshot = Db.BeginTransaction(deferred: true);
        if (paths is not null) return new(LoadTables(dimensions, paths, snapshot), null);
        var stamp = ContentStamp(snapshot);
        return new(stamp is not null && CorpusFile.Read(CorpusFile.PathOf(Path), stamp, dimensions) is { } saved ? saved : LoadTables(dimensions, null, snapshot), stamp);
    }

    /// <summary>
    /// Writes the corpus file (<see cref="CorpusFile"/>) for the content the index holds now, unless the file already
    /// holds it or the index has no content stamp yet (nothing committed since it was made): <paramref name="held"/>'s
    /// corpus where it was loaded whole at that content, else one read from the tables in one read transaction (a
    /// second corpus in memory meanwhile; about 0.2 s of a core for the Pepys diary). Returns whether it wrote.
    /// </summary>
    /// <exception cref="IOException">When the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">When the index's folder is not writable.</exception>
    public bool SaveCorpus(int dimensions, LoadedCorpus? held = null)
    {
        var file = CorpusFile.PathOf(Path);
        SearchCorpus corpus;
        string stamp;
        using (var snapshot = Db.BeginTransaction(deferred: true))
        {
            if (ContentStamp(snapshot) is not { } now || CorpusFile.StampOf(file) == now) return false;
            (corpus, stamp) = (held is { Stamp: { } heldStamp } && heldStamp == now ? held.Corpus : LoadTables(dimensions, null, snapshot), now);
        }
        CorpusFile.Write(file, corpus, stamp);
        return true;
    }

    /// <summary>
    /// What names the index's content now for the corpus file: the random stamp the writer gave it at its last change
    /// (<see cref="IndexWriteStore.ContentStampKey"/>) and the content version, as <c>stamp/version</c> (a commit of an
    /// older build moves the version alone); null before the first commit.
    /// </summary>
    public string? ContentStamp(SqliteTransaction? snapshot = null) => Scalar(Db, $"""
        SELECT (SELECT value FROM meta WHERE key = '{IndexWriteStore.ContentStampKey}') || '/' ||
               (SELECT value FROM meta WHERE key = '{IndexWriteStore.ContentVersionKey}')
        """, snapshot) as string;

    // The corpus from the tables, inside the caller's read transaction.
    // Runs once per snapshot over every vector: compile it optimised at once rather than through tier-0 JIT.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SearchCorpus LoadTables(int dimensions, IReadOnlyCollection<string>? paths, SqliteTransaction snapshot)
    {
        var filter = paths is null ? null : JsonArray(paths);
        const string OfFiles = "SELECT e.id FROM entries e JOIN files f ON f.id = e.file_id WHERE f.path IN (SELECT value FROM json_each($paths))";
        var entries = new List<EntryInfo>();
        var entryIds = new List<long>();
        foreach (var row in Rows($"""
            SELECT e.id, f.path, e.date, e.start_line, e.end_line, e.heading FROM entries e JOIN files f ON f.id = e.file_id
            {(filter is null ? "" : "WHERE f.path IN (SELECT value FROM json_each($paths))")}
            """, filter))
        {
            var date = raw.sqlite3_column_type(row, 2) == raw.SQLITE_NULL ? (DateOnly?)null
                : DateOnly.ParseExact(raw.sqlite3_column_text(row, 2).utf8_to_string(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            entryIds.Add(raw.sqlite3_column_int64(row, 0));
            entries.Add(new EntryInfo(entryIds[^1], raw.sqlite3_column_text(row, 1).utf8_to_string(), date,
                raw.sqlite3_column_int(row, 3), raw.sqlite3_column_int(row, 4), raw.sqlite3_column_text(row, 5).utf8_to_string()));
        }
        // Sorted here, not by the query: SQLite's sort of 10⁵ entries by a joined path cost 0.1 s more.
        var order = Enumerable.Range(0, entries.Count).ToArray();
        Array.Sort(order, (a, b) => SearchCorpus.EntryOrder(entries[a], entries[b]));
        entries = order.Select(i => entries[i]).ToList();
        var entryIndex = new Dictionary<long, int>(entries.Count);
        for (var i = 0; i < entries.Count; i++) entryIndex[entries[i].Id] = i;

        // Chunks and windows first (small rows), then one sequential scan of the vectors: joining chunk -> vector by
        // key costs a B-tree probe per chunk and was measured 6x slower (310 ms against 60 ms for 11k chunks, when
        // vectors overflowed their pages). Rows find their vector by the key's first 16 bytes (of a SHA-256: no
        // collision within reach), chained per key: no dictionary of byte[] keys with a list each (0.3 GB at 10⁵ days).
        // These loops read through SQLite's C API (the same connection and read transaction): blobs as spans, no
        // allocation per row. Through Microsoft.Data.Sqlite's reader they took 2.9 of the 5.6 s a 10⁵-day corpus took
        // to load (560k windows 1.1 s, 660k vectors 1.8 s), where the sqlite3 shell runs the same queries in 0.5 s.
        // Rows come in rowid order, which keeps each entry's rows together and in ordinal order: an entry's rows are
        // inserted one after another in one transaction, and SQLite gives a new row the largest rowid + 1. ORDER BY
        // entry_id, ordinal sorted 560k windows through an index and a temporary B-tree (0.5 s against 0.25 s).
        var capacity = paths is null ? Convert.ToInt32(Scalar(Db, "SELECT (SELECT count(*) FROM chunks) + (SELECT count(*) FROM windows)", snapshot)) : 0;
        var head = new Dictionary<UInt128, int>(capacity);
        var next = new List<int>(capacity); // row (chunks first, then windows) -> the next row with the same key, or -1
        RowSet Read(string table)
        {
            var set = new RowSet();
            foreach (var row in Rows($"""
                SELECT id, entry_id, start_line, end_line, embedding_key FROM {table}
                {(filter is null ? "" : $"WHERE entry_id IN ({OfFiles})")}
                """, filter))
            {
                var key = raw.sqlite3_column_blob(row, 4);
                if (key.Length < 16) continue; // no key: no vector either
                var k = BinaryPrimitives.ReadUInt128LittleEndian(key);
                next.Add(head.TryGetValue(k, out var first) ? first : -1);
                head[k] = next.Count - 1;
                set.Rows.Add((raw.sqlite3_column_int64(row, 0), entryIndex[raw.sqlite3_column_int64(row, 1)],
                    raw.sqlite3_column_int(row, 2), raw.sqlite3_column_int(row, 3)));
            }
            return set;
        }
        var chunks = Read("chunks");
        var windows = Read("windows");

        chunks.Allocate(dimensions);
        windows.Allocate(dimensions);
        // All of them in one scan; a few files' by key (a probe each, but only their own).
        foreach (var row in Rows(filter is null ? "SELECT key, vector FROM embeddings" : $"""
            SELECT key, vector FROM embeddings WHERE key IN (
                SELECT embedding_key FROM chunks WHERE entry_id IN ({OfFiles})
                UNION SELECT embedding_key FROM windows WHERE entry_id IN ({OfFiles}))
            """, filter))
        {
            var key = raw.sqlite3_column_blob(row, 0);
            if (key.Length < 16 || !head.TryGetValue(BinaryPrimitives.ReadUInt128LittleEndian(key), out var at)) continue; // not referenced (yet)
            var stored = raw.sqlite3_column_blob(row, 1);
            if (stored.Length != VectorCodec.Size(dimensions)) continue; // a vector of another model
            for (; at >= 0; at = next[at])
                (at < chunks.Rows.Count ? chunks : windows).Put(at < chunks.Rows.Count ? at : at - chunks.Rows.Count, stored, dimensions);
        }
        var (chunkInfos, chunkVectors) = chunks.Found(dimensions);
        var (windowInfos, windowVectors) = windows.Found(dimensions);
        // Both kept int8 as stored: a quarter of float's memory, and nothing to decode.
        return new SearchCorpus(entries, chunkInfos, chunkVectors, windowInfos, windowVectors);
    }

    // The rows of a query through SQLite's C API on this connection (inside its open transaction, if any): each step's
    // statement, whose columns are valid until the next step; $paths bound to a JSON array when given. For the corpus
    // load's hot loops only.
    private IEnumerable<sqlite3_stmt> Rows(string sql, string? paths = null)
    {
        var rc = raw.sqlite3_prepare_v2(Db.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, Db.Handle);
        using (statement)
        {
            // Every $paths in the statement is the one parameter: SQLite numbers a repeated name once.
            if (paths is not null) SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(statement, 1, paths), Db.Handle);
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) yield return statement;
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, Db.Handle);
        }
    }

    /// <summary>Rows of one table (chunks or windows) and their stored int8 codes and scales as they are found.</summary>
    private sealed class RowSet
    {
        private sbyte[][] _codes = [];
        private float[][] _scales = [];
        private bool[] _found = [];

        public List<(long Id, int Entry, int Start, int End)> Rows { get; } = [];

        // Blocks of Int8Rows.BlockRows rows, as Int8Rows keeps them: what is read here is what search scores.
        public void Allocate(int dimensions)
        {
            var blocks = (Rows.Count + Int8Rows.BlockRows - 1) / Int8Rows.BlockRows;
            _codes = new sbyte[blocks][];
            _scales = new float[blocks][];
            for (var b = 0; b < blocks; b++)
            {
                var n = Math.Min(Int8Rows.BlockRows, Rows.Count - b * Int8Rows.BlockRows);
                _codes[b] = GC.AllocateUninitializedArray<sbyte>(n * dimensions); // a row not found is never read
                _scales[b] = new float[n];
            }
            _found = new bool[Rows.Count];
        }

        // A stored vector's codes (VectorCodec), kept as they are; an all-zero one is left out as damaged.
        public void Put(int row, ReadOnlySpan<byte> stored, int dimensions)
        {
            if (!VectorCodec.TryRead(stored, dimensions, out var codes, out var scale)) return;
            var (block, at) = (row / Int8Rows.BlockRows, row % Int8Rows.BlockRows);
            codes.CopyTo(_codes[block].AsSpan(at * dimensions, dimensions));
            _scales[block][at] = scale;
            _found[row] = true;
        }

        // A row whose vector is missing cannot be ranked: left out (it is embedded at the next indexing run).
        public (List<ChunkInfo> Infos, Int8Rows Vectors) Found(int dimensions)
        {
            var infos = new List<ChunkInfo>(Rows.Count);
            var places = new List<int>(Rows.Count);
            for (var i = 0; i < Rows.Count; i++)
            {
                if (!_found[i]) continue;
                places.Add(i); // row i's place in the blocks
                infos.Add(new ChunkInfo(Rows[i].Id, Rows[i].Entry, Rows[i].Start, Rows[i].End));
            }
            return (infos, new Int8Rows(_codes, _scales, dimensions, infos.Count == Rows.Count ? null : places.ToArray()));
        }
    }

    /// <summary>
    /// Full-text search: the best <paramref name="limit"/> chunks for an FTS5 MATCH expression
    /// (<see cref="LexicalRanker.MatchExpression"/>), as (chunk id, BM25 score, higher is better). FTS5's
    /// <c>bm25()</c> is Okapi BM25 with k1 = 1.2 and b = 0.75, negated so that lower is better; it is negated back here.
    /// </summary>
    public List<(long Id, float Score)> Bm25(string match, int limit) =>
        QueryWith("SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH $q ORDER BY s LIMIT $n",
            cmd => { cmd.Parameters.AddWithValue("$q", match); cmd.Parameters.AddWithValue("$n", limit); },
            r => (r.GetInt64(0), (float)-r.GetDouble(1)));

    /// <summary>
    /// The full-text index's vocabulary: every stem (<see cref="Core.Text.PorterStemmer"/>) with the number of chunks
    /// holding it (its document frequency), read through an fts5vocab table in the connection's temp schema, the one
    /// thing this store creates (in memory: nothing is written to the index). 11,121 stems in 50-76 ms on Pepys
    /// (2-core EPYC).
    /// </summary>
    public Dictionary<string, int> Vocabulary()
    {
        Execute(Db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocabulary USING fts5vocab(main, chunks_fts, 'row')");
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (stem, chunks) in Query("SELECT term, doc FROM temp.chunks_vocabulary", r => (r.GetString(0), r.GetInt32(1))))
            vocabulary[stem] = chunks;
        return vocabulary;
    }

    /// <summary>
    /// The vocabulary (<see cref="Vocabulary"/>) and, read in the same transaction, the postings of every stem held by
    /// at most <paramref name="maxDocuments"/>(N) of the N rows (<see cref="Bm25Postings"/>), with each row's size and
    /// the totals FTS5's bm25() reads: an fts5vocab 'instance' table read in one pass through SQLite's C API (a term's
    /// bytes compared in place, a string made only when it changes), the docsize rows and the totals record (id 1 of
    /// the data table: N, then the tokens of the one column, SQLite varints). 1.25 M instances of 11,121 stems in
    /// 0.5-0.7 s on Pepys (2-core AVX2 EPYC), 235 k postings kept. Null postings for an empty index.
    /// </summary>
    public (Dictionary<string, int> Vocabulary, Bm25Postings? Postings) VocabularyAndPostings(Func<long, double> maxDocuments)
    {
        // One read transaction for the vocabulary, the totals, the sizes and the postings, so they agree. BEGIN by
        // hand, not BeginTransaction: Vocabulary() and Query() take no transaction object.
        Execute(Db, "BEGIN");
        try
        {
            var vocabulary = Vocabulary();
            if (Query("SELECT block FROM chunks_fts_data WHERE id = 1", r => (byte[])r[0]).FirstOrDefault() is not { } totals)
                return (vocabulary, null);
            var at = 0;
            var rows = (long)Varint(totals, ref at);
            var tokens = (long)Varint(totals, ref at);
            if (rows <= 0) return (vocabulary, null);
            var limit = maxDocuments(rows);
            var sizes = new Dictionary<long, int>();
            foreach (var row in Rows("SELECT id, sz FROM chunks_fts_docsize"))
            {
                var size = raw.sqlite3_column_blob(row, 1);
                var offset = 0;
                sizes[raw.sqlite3_column_int64(row, 0)] = (int)Varint(size, ref offset);
            }
            Execute(Db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_instances USING fts5vocab(main, chunks_fts, 'instance')");
            var postings = new Dictionary<string, Bm25Postings.Posting[]>(StringComparer.Ordinal);
            var notHeld = new HashSet<string>(StringComparer.Ordinal);
            var last = Array.Empty<byte>();
            List<Bm25Postings.Posting>? list = null; // the current stem's, when it is held
            string? stem = null;
            foreach (var row in Rows("SELECT term, doc FROM temp.chunks_instances"))
            {
                var term = raw.sqlite3_column_blob(row, 0);
                if (!term.SequenceEqual(last))
                {
                    if (list is not null) postings[stem!] = [.. list];
                    last = term.ToArray();
                    stem = System.Text.Encoding.UTF8.GetString(last);
                    list = vocabulary.GetValueOrDefault(stem) <= limit ? [] : null;
                    if (list is null) notHeld.Add(stem);
                }
                if (list is null) continue;
                var doc = raw.sqlite3_column_int64(row, 1);
                if (list.Count > 0 && list[^1].Row == doc) list[^1] = list[^1] with { Count = list[^1].Count + 1 };
                else list.Add(new Bm25Postings.Posting(doc, 1));
            }
            if (list is not null) postings[stem!] = [.. list];
            return (vocabulary, new Bm25Postings(postings, notHeld, sizes, rows, tokens));
        }
        finally
        {
            // Ended only if SQLite has not ended it itself (after an I/O or memory error), so that error is the one reported.
            if (raw.sqlite3_get_autocommit(Db.Handle) == 0) Execute(Db, "COMMIT");
        }
    }

    // A SQLite varint (big-endian, 7 bits a byte, the ninth byte whole), as FTS5 writes its sizes and totals.
    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var i = 0; i < 9 && at < bytes.Length; i++)
        {
            var b = bytes[at++];
            if (i == 8) return (value << 8) | b;
            value = (value << 7) | (uint)(b & 0x7f);
            if ((b & 0x80) == 0) return value;
        }
        return value;
    }

    /// <summary>How many chunks hold each of <paramref name="words"/> (as the full-text index stems it; 0 for none), in one query.</summary>
    public List<(string Word, int Chunks)> DocumentFrequencies(IReadOnlyCollection<string> words) =>
        QueryWith("""
            SELECT value, (SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH '"' || replace(value, '"', '') || '"')
            FROM json_each($words)
            """, cmd => cmd.Parameters.AddWithValue("$words", JsonArray(words)), r => (r.GetString(0), r.GetInt32(1)));

    /// <summary>
    /// The text of the given chunks and sentence windows, each by its id: one query for both lists (ids as JSON arrays).
    /// </summary>
    public (Dictionary<long, string> Chunks, Dictionary<long, string> Windows) Texts(IEnumerable<long> chunks, IEnumerable<long> windows)
    {
        var result = (Chunks: new Dictionary<long, string>(), Windows: new Dictionary<long, string>());
        using var cmd = Command("""
            SELECT 0, id, text FROM chunks WHERE id IN (SELECT value FROM json_each($chunks))
            UNION ALL
            SELECT 1, id, text FROM windows WHERE id IN (SELECT value FROM json_each($windows))
            """);
        cmd.Parameters.AddWithValue("$chunks", "[" + string.Join(',', chunks) + "]");
        cmd.Parameters.AddWithValue("$windows", "[" + string.Join(',', windows) + "]");
        using var r = cmd.ExecuteReader();
        while (r.Read()) (r.GetInt32(0) == 0 ? result.Chunks : result.Windows)[r.GetInt64(1)] = r.GetString(2);
        return result;
    }

}

/// <summary>A corpus as <see cref="IndexReadStore.LoadCorpus"/> read it.</summary>
/// <param name="Corpus">The entries, passages, windows and vectors.</param>
/// <param name="Stamp">The content stamp it was loaded whole at (<see cref="IndexReadStore.ContentStamp"/>); null for a
/// part, or an index with nothing committed.</param>
internal sealed record LoadedCorpus(SearchCorpus Corpus, string? Stamp);
