using System.Buffers.Binary;
using System.Runtime.InteropServices;
using JournalLsp.Core.Search;
using JournalLsp.Indexing.Privacy;
using Microsoft.Data.Sqlite;

namespace JournalLsp.Indexing.Storage;

/// <summary>A file's row as the indexer needs it to decide what changed: its content hash and the stat that vouches for it (<see cref="Core.Journal.FileStamp"/>; null: read it again).</summary>
internal readonly record struct StoredFile(long Id, string Hash, int Entries, string? Stamp = null);

/// <summary>A chunk ready to store: where it is, its text and its vector's key.</summary>
internal sealed record ChunkRow(int Ordinal, int StartLine, int EndLine, int TokenCount, string Text, byte[] EmbeddingKey);

/// <summary>An entry ready to store with its chunks and its sentence windows (none when it fits in one).</summary>
internal sealed record EntryRow(DateOnly? Date, int StartLine, int EndLine, string Heading, IReadOnlyList<ChunkRow> Chunks, IReadOnlyList<ChunkRow> Windows);

/// <summary>Everything the index records about one file.</summary>
/// <remarks><paramref name="Stamp"/>: the stat that vouches for <paramref name="Hash"/> (<see cref="Core.Journal.FileStamp.Recorded"/>), null for text from an editor or a racy read.</remarks>
internal sealed record FileRow(string Path, string Hash, long SizeBytes, string? SkipReason, IReadOnlyList<string> Warnings, IReadOnlyList<EntryRow> Entries,
    string? Stamp = null);

/// <summary>
/// The index's one writer connection: one SQLite file (WAL mode) with files, entries, chunks, content-addressed vectors and an FTS5 table.
/// Each public write is one transaction, so a crash leaves the previous state or the new one, never half a file.
/// The index is a cache of the journal: an unreadable or older-schema file is rebuilt, never trusted.
/// <para>Private stays private: the file and its -wal/-shm are 0600 in a 0700 folder; deleted rows are overwritten
/// with zeros (<c>PRAGMA secure_delete</c>, FTS5's <c>secure-delete</c>) and <see cref="Checkpoint"/> empties the WAL,
/// so text that leaves the index (a file marked private, excluded or deleted) leaves the bytes on disk too;
/// temporary tables and sorts stay in memory (<c>temp_store=MEMORY</c>), never in a temp file.</para>
/// </summary>
internal sealed class IndexWriteStore : SqliteStore
{
    private IndexWriteStore(SqliteConnection db, string path) : base(db, path)
    {
        _knownContent = ContentVersion(null);
        _dataVersion = DataVersion();
    }

    // Other writers (a second editor's server, a CLI index run) as this connection has seen them: the content version
    // it last wrote or read, the data version it last read, and how often each kind of change was seen.
    private long _knownContent;
    private long _dataVersion;
    private long _otherContent;
    private long _otherWrites;

    /// <summary>The meta key of the content version, bumped with every change of content.</summary>
    public const string ContentVersionKey = "content_version";

    private long ContentVersion(SqliteTransaction? tx) =>
        Scalar(Db, $"SELECT value FROM meta WHERE key = '{ContentVersionKey}'", tx) is string v && long.TryParse(v, out var n) ? n : 0;

    // Every write of files, entries or chunks bumps the content version in its own transaction, so that another process
    // tells a content commit (reload the snapshot) from a seen-log write (reload only that). Found other than this
    // connection left it, another writer committed content since. It writes a new random content stamp too: the corpus
    // file is valid for the stamp and version it was written at only (IndexReadStore.ContentStamp), the stamp naming
    // this content among every index file ever made (a version restarts at 0 in a new one), the version catching a
    // commit of an older build, which moves it but knows no stamp.
    private void BumpContentVersion(SqliteTransaction tx)
    {
        var before = ContentVersion(tx);
        if (before != _knownContent) _otherContent++;
        _knownContent = before + 1;
        using var cmd = Command("INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", tx);
        var (key, value) = (cmd.Parameters.Add("$k", SqliteType.Text), cmd.Parameters.Add("$v", SqliteType.Text));
        (key.Value, value.Value) = (ContentVersionKey, _knownContent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cmd.ExecuteNonQuery();
        (key.Value, value.Value) = (ContentStampKey, Guid.NewGuid().ToString("N"));
        cmd.ExecuteNonQuery();
        // The corpus file of the content before this change will never be read again; deleted now rather than at the
        // next save, it keeps no heading of a deleted entry in the index's folder for that long.
        try
        {
            File.Delete(CorpusFile.PathOf(Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a cache: a stale file is not read (its stamp), and the next save replaces it
        }
    }

    /// <summary>The meta key of the content stamp: a random value written with every change of content (<see cref="CorpusFile"/>).</summary>
    public const string ContentStampKey = "content_stamp";

    /// <summary>
    /// How many times other writers were seen to commit, as (content: files, entries or chunks changed; any: content or
    /// not, such as another server recording entries as seen). Cheap when nothing moved (one <c>PRAGMA data_version</c>);
    /// this connection's own commits never count.
    /// </summary>
    public (long Content, long Any) OtherWriters()
    {
        var dataVersion = DataVersion();
        if (dataVersion != _dataVersion)
        {
            _dataVersion = dataVersion;
            _otherWrites++;
            var content = ContentVersion(null);
            if (content != _knownContent)
            {
                _knownContent = content;
                _otherContent++;
            }
        }
        return (_otherContent, _otherWrites);
    }

    /// <summary>
    /// What opening found and did, in plain words, when it was not a plain open: a damaged file moved aside, or an
    /// index of another schema version emptied to be built again; null otherwise.
    /// </summary>
    public string? Notice { get; private set; }

    /// <summary>Opens or creates the index at <paramref name="path"/>, rebuilding it when its schema is not ours.</summary>
    public static IndexWriteStore Open(string path)
    {
        IndexLocation.CreateFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        // SQLite gives -wal and -shm the main file's mode: creating it 0600 first keeps all three private.
        PrivateStorage.CreateFile(path);
        foreach (var suffix in new[] { "-wal", "-shm" }) PrivateStorage.Restrict(path + suffix);
        string? damage = Truncation(path);
        if (damage is null)
        {
            try
            {
                return OpenOrMigrate(path);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is Corrupt or NotADatabase)
            {
                damage = e.SqliteErrorCode == NotADatabase ? "it is not a SQLite database" : "SQLite found it malformed";
            }
        }
        return OpenAfterDamage(path, damage);
    }

    /// <summary>
    /// Moves a damaged index aside (<c>.corrupt</c>, replacing an older one) and opens a fresh, empty one in its place,
    /// with a <see cref="Notice"/> that says so. The index only caches what the journal says, so nothing is lost.
    /// </summary>
    /// <param name="path">The index file.</param>
    /// <param name="damage">What was wrong, in plain words ("SQLite found it malformed").</param>
    public static IndexWriteStore OpenAfterDamage(string path, string damage)
    {
        SqliteConnection.ClearAllPools();
        File.Move(path, path + ".corrupt", overwrite: true);
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(path + suffix);
        CorpusFile.Delete(path);
        PrivateStorage.CreateFile(path);
        var store = OpenOrMigrate(path);
        store.Notice = $"The index file was damaged ({damage}); it was moved aside to {System.IO.Path.GetFileName(path)}.corrupt and the index is built again from the journal.";
        return store;
    }

    // A database file shorter than its header says (cut off by a full disk or a bad copy): SQLite would open it and
    // fail only at the first page past the end, mid-query. The header's page count is valid when its change counter
    // (offset 24) equals the "version-valid-for" number (offset 92); https://sqlite.org/fileformat2.html#database_header
    // Not while a write-ahead log holds frames: a checkpoint (of this index's other server, or one a crash cut short)
    // writes page 1 before the pages after it, so the file can be shorter than its header says while SQLite can still
    // recover it from the log.
    private static string? Truncation(string path)
    {
        if (File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0) return null;
        Span<byte> header = stackalloc byte[100];
        long length;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = file.Length;
            if (file.ReadAtLeast(header, 100, throwOnEndOfStream: false) < 100 || !header.StartsWith("SQLite format 3\0"u8)) return null;
        }
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]) is var size && size == 1 ? 65536 : (int)size;
        var pages = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        if (BinaryPrimitives.ReadUInt32BigEndian(header[24..]) != BinaryPrimitives.ReadUInt32BigEndian(header[92..])) return null;
        return length < (long)pages * pageSize ? $"{length:N0} bytes where its header counts {pages:N0} pages of {pageSize:N0}" : null;
    }

    private static IndexWriteStore OpenOrMigrate(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            Execute(db, """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;
                PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY;
                """);
            var version = Convert.ToInt32(Scalar(db, "PRAGMA user_version"));
            string? notice = null;
            if (version != Schema.Version)
            {
                if (version != 0)
                    notice = $"The index was written by {(version < Schema.Version ? "an older" : "a newer")} version of journal-lsp (schema {version}, this one reads {Schema.Version}); it is built again from the journal.";
                using var tx = db.BeginTransaction();
                if (version != 0) Execute(db, Schema.DropAll, tx);
                Execute(db, Schema.Create, tx);
                Execute(db, Schema.SecureDelete, tx);
                Execute(db, $"PRAGMA user_version={Schema.Version}", tx);
                Execute(db, "INSERT INTO meta(key, value) VALUES ('secure_delete', '1') ON CONFLICT(key) DO UPDATE SET value = '1'", tx);
                tx.Commit();
            }
            else
            {
                // Tables added since this version (every statement is IF NOT EXISTS): an index from before sentence
                // windows gains their table, and the indexer fills it at its next run. Columns likewise: an index from
                // before stamps gains the column, NULL, so each file is read once more and stamped then.
                Execute(db, Schema.Create);
                if (Scalar(db, "SELECT count(*) FROM pragma_table_info('files') WHERE name = 'stamp'") is 0L)
                {
                    try { Execute(db, "ALTER TABLE files ADD COLUMN stamp TEXT"); }
                    catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.Ordinal)) { } // another process added it first
                }
            }
            if (version == Schema.Version && Scalar(db, "SELECT value FROM meta WHERE key = 'secure_delete'") is null)
            {
                // An index made before deletes were secure may hold old text in free pages and old words in FTS5
                // doclists that delete markers only shadow: rebuild the FTS index from the chunks, rewrite the file
                // once from its live rows, then every delete zeroes what it frees.
                Execute(db, Schema.SecureDelete);
                Execute(db, "INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')");
                Execute(db, "VACUUM");
                Execute(db, "INSERT INTO meta(key, value) VALUES ('secure_delete', '1')");
            }
            // An index from before content stamps gets one for the content it holds, so that its corpus file can be
            // written (no file can hold a stamp made just now); another writer may have given it one first.
            if (Scalar(db, $"SELECT value FROM meta WHERE key = '{ContentStampKey}'") is null) // no write lock on every open
                Execute(db, $"INSERT INTO meta(key, value) VALUES ('{ContentStampKey}', '{Guid.NewGuid():N}') ON CONFLICT(key) DO NOTHING");
            var store = new IndexWriteStore(db, path) { Notice = notice };
            store.Checkpoint();
            return store;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Every stored file by path: its id, content hash, how many entries it holds and its stamp.</summary>
    public Dictionary<string, StoredFile> Files()
    {
        var result = new Dictionary<string, StoredFile>(StringComparer.Ordinal);
        // A count per file from the entries' index, not a grouped join: 3.7 against 6-11 ms for the diary's 3,413 files (sqlite3).
        using var cmd = Command("SELECT f.id, f.path, f.content_hash, (SELECT count(*) FROM entries e WHERE e.file_id = f.id), f.stamp FROM files f");
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetString(1)] = new StoredFile(r.GetInt64(0), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4));
        return result;
    }

    /// <summary>Forgets every file's stamp (<see cref="Core.Journal.FileStamp"/>): the next run reads every file.</summary>
    public void ClearStamps()
    {
        using var cmd = Command("UPDATE files SET stamp = NULL WHERE stamp IS NOT NULL");
        cmd.ExecuteNonQuery();
    }

    /// <summary>Records new stamps (<see cref="Core.Journal.FileStamp"/>, or null) for files whose content did not change, in one transaction.</summary>
    public void SetStamps(IReadOnlyCollection<(string Path, string? Stamp)> stamps)
    {
        if (stamps.Count > 0) ExecuteForEach("UPDATE files SET stamp = $b WHERE path = $a", stamps);
    }

    // One statement, $a and $b bound to each pair in turn, in one transaction (one commit).
    private void ExecuteForEach(string sql, IEnumerable<(string A, string? B)> rows)
    {
        using var tx = Db.BeginTransaction();
        using var cmd = Command(sql, tx);
        var a = cmd.Parameters.Add("$a", SqliteType.Text);
        var b = cmd.Parameters.Add("$b", SqliteType.Text);
        foreach (var (first, second) in rows)
        {
            a.Value = first;
            b.Value = (object?)second ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The stored content hash of one file, or null when the index does not hold it.</summary>
    public string? FileHash(string path)
    {
        using var cmd = Command("SELECT content_hash FROM files WHERE path = $p");
        cmd.Parameters.AddWithValue("$p", path);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>
    /// The keys among <paramref name="keys"/> that have no usable stored vector yet: none, or one that is not
    /// <paramref name="vectorBytes"/> long (damaged; the reader leaves it out, and <see cref="Commit"/> replaces it).
    /// </summary>
    public HashSet<byte[]> MissingEmbeddings(IEnumerable<byte[]> keys, int vectorBytes)
    {
        var missing = new HashSet<byte[]>(ByteArrayComparer.Instance);
        using var cmd = Command("SELECT 1 FROM embeddings WHERE key = $key AND length(vector) = $bytes");
        var p = cmd.Parameters.Add("$key", SqliteType.Blob);
        cmd.Parameters.AddWithValue("$bytes", vectorBytes);
        cmd.Prepare();
        foreach (var key in keys)
        {
            p.Value = key;
            if (cmd.ExecuteScalar() is null) missing.Add(key);
        }
        return missing;
    }

    /// <summary>Stores new vectors and replaces the given files' rows, all in one transaction.</summary>
    public void Commit(IEnumerable<(byte[] Key, float[] Vector)> embeddings, IEnumerable<FileRow> files, DateTimeOffset now)
    {
        using var tx = Db.BeginTransaction();
        using (var put = Command("INSERT OR REPLACE INTO embeddings(key, vector) VALUES ($k, $v)", tx))
        {
            var k = put.Parameters.Add("$k", SqliteType.Blob);
            var v = put.Parameters.Add("$v", SqliteType.Blob);
            foreach (var (key, vector) in embeddings)
            {
                k.Value = key;
                v.Value = VectorCodec.Encode(vector);
                put.ExecuteNonQuery();
            }
        }
        foreach (var file in files) ReplaceFile(file, now, tx);
        BumpContentVersion(tx);
        tx.Commit();
    }

    private void ReplaceFile(FileRow file, DateTimeOffset now, SqliteTransaction tx)
    {
        using (var delete = Command("DELETE FROM files WHERE path = $p", tx))
        {
            delete.Parameters.AddWithValue("$p", file.Path);
            delete.ExecuteNonQuery();
        }
        long fileId;
        using (var insert = Command("""
            INSERT INTO files(path, content_hash, size_bytes, indexed_at, skip_reason, warnings, stamp)
            VALUES ($p, $h, $s, $t, $r, $w, $st) RETURNING id
            """, tx))
        {
            insert.Parameters.AddWithValue("$p", file.Path);
            insert.Parameters.AddWithValue("$h", file.Hash);
            insert.Parameters.AddWithValue("$s", file.SizeBytes);
            insert.Parameters.AddWithValue("$t", now.ToString("O"));
            insert.Parameters.AddWithValue("$r", (object?)file.SkipReason ?? DBNull.Value);
            insert.Parameters.AddWithValue("$w", file.Warnings.Count == 0 ? DBNull.Value : string.Join('\n', file.Warnings));
            insert.Parameters.AddWithValue("$st", (object?)file.Stamp ?? DBNull.Value);
            fileId = (long)insert.ExecuteScalar()!;
        }
        if (file.SkipReason is not null) ForgetSeen(file.Path, tx);

        using var entry = Command("""
            INSERT INTO entries(file_id, date, start_line, end_line, heading) VALUES ($f, $d, $s, $e, $h) RETURNING id
            """, tx);
        using var chunk = Command("""
            INSERT INTO chunks(entry_id, ordinal, start_line, end_line, token_count, text, embedding_key)
            VALUES ($e, $o, $s, $l, $n, $t, $k)
            """, tx);
        using var window = Command("""
            INSERT INTO windows(entry_id, ordinal, start_line, end_line, token_count, text, embedding_key)
            VALUES ($e, $o, $s, $l, $n, $t, $k)
            """, tx);
        foreach (var e in file.Entries)
        {
            entry.Parameters.Clear();
            entry.Parameters.AddWithValue("$f", fileId);
            entry.Parameters.AddWithValue("$d", e.Date is { } d ? d.ToString("yyyy-MM-dd") : DBNull.Value);
            entry.Parameters.AddWithValue("$s", e.StartLine);
            entry.Parameters.AddWithValue("$e", e.EndLine);
            entry.Parameters.AddWithValue("$h", e.Heading);
            var entryId = (long)entry.ExecuteScalar()!;
            Insert(chunk, entryId, e.Chunks);
            Insert(window, entryId, e.Windows);
        }
    }

    private static void Insert(SqliteCommand insert, long entryId, IReadOnlyList<ChunkRow> rows)
    {
        foreach (var c in rows)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$e", entryId);
            insert.Parameters.AddWithValue("$o", c.Ordinal);
            insert.Parameters.AddWithValue("$s", c.StartLine);
            insert.Parameters.AddWithValue("$l", c.EndLine);
            insert.Parameters.AddWithValue("$n", c.TokenCount);
            insert.Parameters.AddWithValue("$t", c.Text);
            insert.Parameters.AddWithValue("$k", c.EmbeddingKey);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Removes every file's rows with their entries, chunks, windows and vectors, keeping the seen-log (the journal is
    /// the same; only its vectors are to be made again, with another model).
    /// </summary>
    public void DeleteAllFiles()
    {
        using var tx = Db.BeginTransaction();
        Execute(Db, "DELETE FROM files", tx);
        Execute(Db, "DELETE FROM embeddings", tx);
        BumpContentVersion(tx);
        tx.Commit();
    }

    /// <summary>Removes files that left the journal, with their entries, chunks and seen-log rows.</summary>
    public void DeleteFiles(IEnumerable<string> paths)
    {
        using var tx = Db.BeginTransaction();
        using var delete = Command("DELETE FROM files WHERE path = $p", tx);
        var p = delete.Parameters.Add("$p", SqliteType.Text);
        foreach (var path in paths)
        {
            p.Value = path;
            delete.ExecuteNonQuery();
            ForgetSeen(path, tx);
        }
        BumpContentVersion(tx);
        tx.Commit();
    }

    // The seen-log names entries by heading for undated notes: it goes with a file that leaves or turns private.
    private void ForgetSeen(string path, SqliteTransaction tx)
    {
        using var forget = Command("DELETE FROM entry_seen WHERE path = $p", tx);
        forget.Parameters.AddWithValue("$p", path);
        forget.ExecuteNonQuery();
    }

    /// <summary>
    /// Copies the WAL into the database file and truncates the WAL to zero bytes, so old page images (text that has
    /// since been deleted) do not linger in it. Returns false when a reader kept part of the WAL (it is emptied at a
    /// later call).
    /// </summary>
    public bool Checkpoint()
    {
        using var cmd = Command("PRAGMA wal_checkpoint(TRUNCATE)");
        using var r = cmd.ExecuteReader();
        return r.Read() && r.GetInt32(0) == 0;
    }

    /// <summary>The vector keys a file's passages and windows refer to now (read before it is replaced or removed).</summary>
    public List<byte[]> KeysOf(string path) => QueryWith("""
        SELECT c.embedding_key FROM chunks c JOIN entries e ON e.id = c.entry_id JOIN files f ON f.id = e.file_id WHERE f.path = $p
        UNION SELECT w.embedding_key FROM windows w JOIN entries e ON e.id = w.entry_id JOIN files f ON f.id = e.file_id WHERE f.path = $p
        """, cmd => cmd.Parameters.AddWithValue("$p", path), r => (byte[])r.GetValue(0));

    /// <summary>
    /// Drops those of <paramref name="keys"/> that no passage or window refers to any more; returns how many. A one-file
    /// update collects only its own old vectors: a few index lookups, where the full sweep reads every key (53,339 on
    /// Pepys' diary).
    /// </summary>
    public int CollectGarbage(IEnumerable<byte[]> keys)
    {
        using var tx = Db.BeginTransaction();
        using var delete = Command("""
            DELETE FROM embeddings WHERE key = $k
              AND NOT EXISTS (SELECT 1 FROM chunks WHERE embedding_key = $k)
              AND NOT EXISTS (SELECT 1 FROM windows WHERE embedding_key = $k)
            """, tx);
        var k = delete.Parameters.Add("$k", SqliteType.Blob);
        var count = 0;
        foreach (var key in keys)
        {
            k.Value = key;
            count += delete.ExecuteNonQuery();
        }
        tx.Commit();
        return count;
    }

    /// <summary>Drops vectors no chunk refers to any more; returns how many.</summary>
    public int CollectGarbage() =>
        Execute(Db, "DELETE FROM embeddings WHERE key NOT IN (SELECT embedding_key FROM chunks UNION ALL SELECT embedding_key FROM windows)");

    /// <summary>When each entry was last opened in an editor, by <see cref="EntryKey"/>.</summary>
    public Dictionary<EntryKey, DateTimeOffset> Seen()
    {
        var result = new Dictionary<EntryKey, DateTimeOffset>();
        foreach (var (path, name, at) in Query("SELECT path, date, seen_at FROM entry_seen", r => (r.GetString(0), r.GetString(1), r.GetString(2))))
            if (DateTimeOffset.TryParse(at, out var when)) result[new EntryKey(path, name)] = when;
        return result;
    }

    /// <summary>Records that the given entries were opened at <paramref name="now"/>.</summary>
    public void MarkSeen(IEnumerable<EntryKey> entries, DateTimeOffset now)
    {
        using var tx = Db.BeginTransaction();
        using var put = Command("""
            INSERT INTO entry_seen(path, date, seen_at) VALUES ($p, $d, $t)
            ON CONFLICT(path, date) DO UPDATE SET seen_at = excluded.seen_at
            """, tx);
        var p = put.Parameters.Add("$p", SqliteType.Text);
        var d = put.Parameters.Add("$d", SqliteType.Text);
        put.Parameters.AddWithValue("$t", now.ToString("O"));
        foreach (var entry in entries)
        {
            p.Value = entry.Path;
            d.Value = entry.Name;
            put.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>Sets several meta values in one transaction (one commit: an unchanged journal's run writes nothing else).</summary>
    public void SetMetas(IReadOnlyList<(string Key, string Value)> values) =>
        ExecuteForEach("INSERT INTO meta(key, value) VALUES ($a, $b) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            values.Select(v => (v.Key, (string?)v.Value)));

    public void SetMeta(string key, string value)
    {
        using var cmd = Command("INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

}
