using System.Buffers.Binary;
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

    /// <summary>Loads every entry and chunk vector into one <see cref="SearchCorpus"/>, from one consistent snapshot.</summary>
    // Runs once per snapshot over every vector: compile it optimised at once rather than through tier-0 JIT.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SearchCorpus LoadCorpus(int dimensions)
    {
        // One read transaction: a commit landing between the two queries must not leave chunks without their entry.
        using var snapshot = Db.BeginTransaction(deferred: true);
        var entries = new List<EntryInfo>();
        var entryIndex = new Dictionary<long, int>();
        using (var cmd = Command("""
            SELECT e.id, f.path, e.date, e.start_line, e.end_line, e.heading
            FROM entries e JOIN files f ON f.id = e.file_id ORDER BY f.path, e.start_line
            """, snapshot))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                entryIndex[r.GetInt64(0)] = entries.Count;
                entries.Add(new EntryInfo(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : DateOnly.Parse(r.GetString(2)),
                    r.GetInt32(3), r.GetInt32(4), r.GetString(5)));
            }
        }

        // Chunks and windows first (small rows), then one sequential scan of the vectors: joining chunk -> vector by
        // key costs a B-tree probe per chunk and was measured 6x slower (310 ms against 60 ms for 11k chunks, when
        // vectors overflowed their pages). Rows find their vector by the key's first 16 bytes (of a SHA-256: no
        // collision within reach), chained per key: no dictionary of byte[] keys with a list each (0.3 GB at 10⁵ days).
        // These two loops read through SQLite's C API (the same connection and read transaction): blobs as spans, no
        // allocation per row. Through Microsoft.Data.Sqlite's reader they took 2.9 of the 5.6 s a 10⁵-day corpus took
        // to load (560k windows 1.1 s, 660k vectors 1.8 s), where the sqlite3 shell runs the same queries in 0.5 s.
        var head = new Dictionary<UInt128, int>();
        var next = new List<int>(); // row (chunks first, then windows) -> the next row with the same key, or -1
        RowSet Read(string table)
        {
            var set = new RowSet();
            foreach (var row in Rows($"SELECT id, entry_id, start_line, end_line, embedding_key FROM {table} ORDER BY entry_id, ordinal"))
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
        foreach (var row in Rows("SELECT key, vector FROM embeddings"))
        {
            var key = raw.sqlite3_column_blob(row, 0);
            if (key.Length < 16 || !head.TryGetValue(BinaryPrimitives.ReadUInt128LittleEndian(key), out var at)) continue; // not referenced (yet)
            var stored = raw.sqlite3_column_blob(row, 1);
            if (stored.Length != VectorCodec.Size(dimensions)) continue; // a vector of another model
            for (; at >= 0; at = next[at])
                (at < chunks.Rows.Count ? chunks : windows).Put(at < chunks.Rows.Count ? at : at - chunks.Rows.Count, stored, dimensions);
        }
        var (chunkInfos, chunkCodes, chunkScales) = chunks.Found(dimensions);
        var (windowInfos, windowCodes, windowScales) = windows.Found(dimensions);
        // Both kept int8 as stored: a quarter of float's memory, and nothing to decode.
        return new SearchCorpus(entries, chunkInfos, new Int8Rows(chunkCodes, chunkScales, dimensions),
            windowInfos, new Int8Rows(windowCodes, windowScales, dimensions));
    }

    // The rows of a query through SQLite's C API on this connection (inside its open transaction, if any): each step's
    // statement, whose columns are valid until the next step. For the corpus load's hot loops only.
    private IEnumerable<sqlite3_stmt> Rows(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(Db.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, Db.Handle);
        using (statement)
        {
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) yield return statement;
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, Db.Handle);
        }
    }

    /// <summary>Rows of one table (chunks or windows) and their stored int8 codes and scales as they are found.</summary>
    private sealed class RowSet
    {
        private sbyte[] _codes = [];
        private float[] _scales = [];
        private bool[] _found = [];

        public List<(long Id, int Entry, int Start, int End)> Rows { get; } = [];

        public void Allocate(int dimensions)
        {
            _codes = new sbyte[Rows.Count * dimensions];
            _scales = new float[Rows.Count];
            _found = new bool[Rows.Count];
        }

        // A stored vector's codes (VectorCodec), kept as they are; an all-zero one is left out as damaged.
        public void Put(int row, ReadOnlySpan<byte> stored, int dimensions)
        {
            if (!VectorCodec.TryRead(stored, dimensions, out var codes, out var scale)) return;
            codes.CopyTo(_codes.AsSpan(row * dimensions, dimensions));
            _scales[row] = scale;
            _found[row] = true;
        }

        // A row whose vector is missing cannot be ranked: left out (it is embedded at the next indexing run).
        public (List<ChunkInfo> Infos, sbyte[] Codes, float[] Scales) Found(int dimensions)
        {
            var infos = new List<ChunkInfo>(Rows.Count);
            for (var i = 0; i < Rows.Count; i++)
            {
                if (!_found[i]) continue;
                if (infos.Count != i)
                {
                    _codes.AsSpan(i * dimensions, dimensions).CopyTo(_codes.AsSpan(infos.Count * dimensions, dimensions));
                    _scales[infos.Count] = _scales[i];
                }
                infos.Add(new ChunkInfo(Rows[i].Id, Rows[i].Entry, Rows[i].Start, Rows[i].End));
            }
            return infos.Count == Rows.Count
                ? (infos, _codes, _scales)
                : (infos, _codes[..(infos.Count * dimensions)], _scales[..infos.Count]);
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

    /// <summary>How many chunks hold <paramref name="word"/> (as the full-text index stems it); 0 for none.</summary>
    public int DocumentFrequency(string word) =>
        QueryWith("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH $q",
            cmd => cmd.Parameters.AddWithValue("$q", $"\"{word.Replace("\"", "", StringComparison.Ordinal)}\""), r => r.GetInt32(0)).Single();

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
