namespace JournalLsp.Indexing.Storage;

/// <summary>The index's tables. <see cref="Version"/> is kept in <c>PRAGMA user_version</c>.</summary>
internal static class Schema
{
    /// <summary>Bumped on any change below; an index with another version is rebuilt from the journal.</summary>
    public const int Version = 2; // 2: vectors stored as int8 (VectorCodec)

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta(
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL);

        -- Every .md file seen; a skipped file keeps its reason so status and summaries can report it.
        CREATE TABLE IF NOT EXISTS files(
            id           INTEGER PRIMARY KEY,
            path         TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            size_bytes   INTEGER NOT NULL,
            indexed_at   TEXT NOT NULL,
            skip_reason  TEXT,
            warnings     TEXT,
            stamp        TEXT); -- FileStamp when it can vouch for content_hash, else NULL (read again next run)

        CREATE TABLE IF NOT EXISTS entries(
            id         INTEGER PRIMARY KEY,
            file_id    INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
            date       TEXT,
            start_line INTEGER NOT NULL,
            end_line   INTEGER NOT NULL,
            heading    TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS entries_file ON entries(file_id);
        CREATE INDEX IF NOT EXISTS entries_date ON entries(date);

        -- Vectors are content-addressed: key = SHA-256(model's vector id, chunker version, text; for a late-chunked
        -- window also its entry's passage keys). Unchanged text is never embedded twice, whichever file or entry it
        -- moves to. vector: int8 codes with a scale (VectorCodec), 388 bytes.
        CREATE TABLE IF NOT EXISTS embeddings(
            key    BLOB PRIMARY KEY,
            vector BLOB NOT NULL) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS chunks(
            id            INTEGER PRIMARY KEY,
            entry_id      INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            ordinal       INTEGER NOT NULL,
            start_line    INTEGER NOT NULL,
            end_line      INTEGER NOT NULL,
            token_count   INTEGER NOT NULL,
            text          TEXT NOT NULL,
            embedding_key BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS chunks_entry ON chunks(entry_id);
        CREATE INDEX IF NOT EXISTS chunks_key ON chunks(embedding_key);

        -- Sentence windows (a few sentences each, overlapping) of entries longer than one window, for dense questions.
        -- Not in the full-text index: BM25 ranks whole passages, where it measured better.
        CREATE TABLE IF NOT EXISTS windows(
            id            INTEGER PRIMARY KEY,
            entry_id      INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            ordinal       INTEGER NOT NULL,
            start_line    INTEGER NOT NULL,
            end_line      INTEGER NOT NULL,
            token_count   INTEGER NOT NULL,
            text          TEXT NOT NULL,
            embedding_key BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS windows_entry ON windows(entry_id);
        CREATE INDEX IF NOT EXISTS windows_key ON windows(embedding_key);

        -- Full-text index over chunk text (BM25 via fts5's bm25()), kept in step by triggers.
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(text, content='chunks', content_rowid='id', tokenize='porter unicode61');
        CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;

        -- When an entry was last opened in an editor; keyed by path and line so it survives re-indexing.
        CREATE TABLE IF NOT EXISTS entry_seen(
            path       TEXT NOT NULL,
            date       TEXT NOT NULL,
            seen_at    TEXT NOT NULL,
            PRIMARY KEY(path, date)) WITHOUT ROWID;
        """;

    /// <summary>
    /// FTS5's persistent <c>secure-delete</c> option (SQLite 3.42+): a deleted row's terms are removed from the index
    /// b-tree instead of being shadowed by a delete marker, so its words do not stay on disk.
    /// </summary>
    public const string SecureDelete = "INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('secure-delete', 1);";

    public const string DropAll = """
        DROP TABLE IF EXISTS chunks_fts;
        DROP TABLE IF EXISTS windows;
        DROP TABLE IF EXISTS chunks;
        DROP TABLE IF EXISTS embeddings;
        DROP TABLE IF EXISTS entries;
        DROP TABLE IF EXISTS files;
        DROP TABLE IF EXISTS meta;
        DROP TABLE IF EXISTS entry_seen;
        """;
}
