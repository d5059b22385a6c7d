using Microsoft.Data.Sqlite;

namespace JournalLsp.Indexing.Storage;

/// <summary>
/// What both connections to an index share: the connection, its path, and parameterised commands. The two kinds
/// are <see cref="IndexWriteStore"/> (the only one with write methods) and <see cref="IndexReadStore"/> (read-only).
/// </summary>
internal abstract class SqliteStore : IDisposable
{
    /// <summary>SQLITE_CORRUPT: the database file is malformed (https://sqlite.org/rescode.html#corrupt).</summary>
    public const int Corrupt = 11;

    /// <summary>SQLITE_NOTADB: the file is not a SQLite database (https://sqlite.org/rescode.html#notadb).</summary>
    public const int NotADatabase = 26;

    protected SqliteStore(SqliteConnection db, string path)
    {
        Db = db;
        Path = path;
    }

    protected SqliteConnection Db { get; }

    /// <summary>The index file.</summary>
    public string Path { get; }

    /// <summary>A value from the <c>meta</c> table, or null.</summary>
    public string? GetMeta(string key)
    {
        using var cmd = Command("SELECT value FROM meta WHERE key = $k");
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>
    /// SQLite's <c>PRAGMA data_version</c> for this connection: it changes when another connection (of this process
    /// or another) has committed since it was last read, never for this connection's own commits.
    /// </summary>
    public long DataVersion() => Convert.ToInt64(Scalar(Db, "PRAGMA data_version"));

    public void Dispose() => Db.Dispose();

    /// <summary>
    /// <paramref name="values"/> as a JSON array of strings, for <c>json_each</c> in a query (written directly, not
    /// through reflection, which trimmed and AOT builds leave out).
    /// </summary>
    public static string JsonArray(IEnumerable<string> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var value in values) json.WriteStringValue(value);
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    protected List<T> QueryWith<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read)
    {
        using var cmd = Command(sql);
        bind(cmd);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }

    protected List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var cmd = Command(sql);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }

    protected SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = Db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    protected static int Execute(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd.ExecuteNonQuery();
    }

    protected static object? Scalar(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd.ExecuteScalar();
    }
}

/// <summary>Compares SHA-256 keys by value.</summary>
internal sealed class ByteArrayComparer : IEqualityComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();
    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
    public int GetHashCode(byte[] key) => BitConverter.ToInt32(key, 0);
}
