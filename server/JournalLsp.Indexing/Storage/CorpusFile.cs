using System.IO.Hashing;
using System.Runtime.InteropServices;
using JournalLsp.Core.Search;

namespace JournalLsp.Indexing.Storage;

/// <summary>
/// The corpus a query searches (<see cref="SearchCorpus"/>: entries, passages, sentence windows and their int8 codes)
/// as one file beside the index, <c>index.db-corpus</c>, so that a start reads one file where it would read every row
/// of four tables (the Pepys diary: 3,413 entries, 53,339 rows and vectors; docs/benchmarks.md, "The corpus in one
/// file"). It is a cache of the tables and never their replacement: it is valid only for the content stamp it was
/// written at (<see cref="IndexWriteStore"/> writes a new random stamp with every change of content), and one that is
/// missing, stale, cut short or damaged (its XxHash3 does not match) is not read, so the tables answer as before.
/// It holds what the tables hold for the corpus (paths, headings, line numbers, vectors; no passage text) and is
/// written 0600 to a temporary name, then moved over the old one, so a reader never sees half a file.
/// </summary>
internal static class CorpusFile
{
    // "JLCORPUS", then the format's version: bumped on any change below, or in what a corpus holds (SearchCorpus's rows,
    // Int8Rows' codes), since a file of the old form would otherwise be read as the new.
    private static ReadOnlySpan<byte> Magic => "JLCORPUS"u8;
    private const int FormatVersion = 1;

    /// <summary>The corpus file of the index at <paramref name="indexPath"/>: the same path with <c>-corpus</c> added.</summary>
    public static string PathOf(string indexPath) => indexPath + "-corpus";

    /// <summary>The content stamp the file at <paramref name="path"/> was written at, or null when it is missing or not one.</summary>
    public static string? StampOf(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
            using var reader = new BinaryReader(stream);
            return ReadHeader(reader) is { } header ? header.Stamp : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // missing, unreadable, cut short, or a damaged stamp's length
        }
    }

    /// <summary>
    /// The corpus in the file at <paramref name="path"/> when it was written at <paramref name="stamp"/> with vectors of
    /// <paramref name="dimensions"/>; null when the file is missing, unreadable, of another stamp, format or length,
    /// cut short, or its checksum does not match (the caller then reads the tables). Read as a stream straight into the
    /// corpus's arrays (no copy of the whole file in memory). Never throws for a bad file.
    /// </summary>
    public static SearchCorpus? Read(string path, string stamp, int dimensions)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
            using var reader = new BinaryReader(file);
            if (ReadHeader(reader) is not { } header || header.Stamp != stamp || header.Dimensions != dimensions
                || header.Length != file.Length - file.Position)
                return null;
            // Buffered above the hash, so that it hashes 64 KB at a time rather than each field BinaryReader reads.
            var body = new Hashed(file);
            var buffered = new BufferedStream(body, Buffer);
            var corpus = ReadBody(new BinaryReader(buffered), buffered, () => header.Length - body.Count + Buffer, dimensions);
            return body.Count == header.Length && body.Hash == header.Hash ? corpus : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException or OverflowException)
        {
            return null; // unreadable, cut short (EndOfStreamException is an IOException), or counts no file of ours holds
        }
    }

    /// <summary>
    /// Writes <paramref name="corpus"/> as read at <paramref name="stamp"/> to <paramref name="path"/> (0600 where the
    /// system has modes), replacing the file there only once the new one is whole.
    /// </summary>
    /// <exception cref="IOException">When the file cannot be written (a full disk, a read-only folder); nothing is left behind.</exception>
    /// <exception cref="UnauthorizedAccessException">When the folder is not writable.</exception>
    public static void Write(string path, SearchCorpus corpus, string stamp)
    {
        // A write cut short by a killed process leaves its temporary file (paths, headings, vectors): gone at the next.
        DeleteTemporaries(path, olderThan: TimeSpan.FromMinutes(10));
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options))
            {
                using var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true);
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(stamp);
                writer.Write(corpus.Dimensions);
                var sizes = file.Position;
                writer.Write(0L); // the body's length and hash, once written
                writer.Write(0UL);
                writer.Flush();
                var body = new Hashed(file);
                using (var buffered = new BufferedStream(body, Buffer))
                using (var bodyWriter = new BinaryWriter(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
                    WriteBody(bodyWriter, corpus);
                file.Position = sizes;
                writer.Write(body.Count);
                writer.Write(body.Hash);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // gone already once moved
        }
    }

    /// <summary>
    /// Deletes the corpus file of the index at <paramref name="indexPath"/> and what writes of it cut short left behind;
    /// returns the paths deleted.
    /// </summary>
    /// <exception cref="IOException">When the corpus file cannot be deleted.</exception>
    public static IReadOnlyList<string> Delete(string indexPath)
    {
        var file = PathOf(indexPath);
        var deleted = new List<string>();
        if (File.Exists(file))
        {
            File.Delete(file);
            deleted.Add(file);
        }
        deleted.AddRange(DeleteTemporaries(file));
        return deleted;
    }

    // Deletes the temporary files of writes to the corpus file at `path` (a process killed while writing leaves one),
    // those last written before `olderThan` ago (null: all); returns their paths.
    private static List<string> DeleteTemporaries(string path, TimeSpan? olderThan = null)
    {
        var deleted = new List<string>();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder)) return deleted;
        foreach (var file in Directory.EnumerateFiles(folder, Path.GetFileName(path) + ".*.tmp"))
        {
            try
            {
                if (olderThan is { } age && File.GetLastWriteTimeUtc(file) > DateTime.UtcNow - age) continue; // a write under way
                File.Delete(file);
                deleted.Add(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another process's, being moved or still open; the next write tries again
            }
        }
        return deleted;
    }

    // A stream over another that counts and hashes (XxHash3) what passes through it, one way.
    private sealed class Hashed(Stream inner) : Stream
    {
        private readonly XxHash3 _hash = new();

        public long Count { get; private set; }

        public ulong Hash => _hash.GetCurrentHashAsUInt64();

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            _hash.Append(buffer[..read]);
            Count += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _hash.Append(buffer);
            Count += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed record Header(string Stamp, int Dimensions, long Length, ulong Hash);

    private static Header? ReadHeader(BinaryReader reader)
    {
        Span<byte> magic = stackalloc byte[8];
        if (reader.Read(magic) != magic.Length || !magic.SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion) return null;
        return new Header(reader.ReadString(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadUInt64());
    }

    // Entries, then passages' and windows' rows, then their codes and scales, in the corpus's own order.
    private static void WriteBody(BinaryWriter writer, SearchCorpus corpus)
    {
        writer.Write(corpus.Entries.Count);
        foreach (var e in corpus.Entries)
        {
            writer.Write(e.Id);
            writer.Write(e.Path);
            writer.Write(e.Date?.DayNumber ?? -1);
            writer.Write(e.StartLine);
            writer.Write(e.EndLine);
            writer.Write(e.Heading);
        }
        foreach (var (rows, vectors) in new[] { (corpus.Chunks, corpus.Vectors), (corpus.Windows, corpus.WindowVectors) })
        {
            writer.Write(rows.Count);
            foreach (var r in rows)
            {
                writer.Write(r.Id);
                writer.Write(r.Entry);
                writer.Write(r.StartLine);
                writer.Write(r.EndLine);
            }
            for (var i = 0; i < rows.Count; i++) writer.Write(MemoryMarshal.AsBytes(vectors.Codes(i, out _)));
            for (var i = 0; i < rows.Count; i++)
            {
                vectors.Codes(i, out var scale);
                writer.Write(scale);
            }
        }
    }

    private const int Buffer = 1 << 16;

    private static SearchCorpus ReadBody(BinaryReader reader, Stream body, Func<long> left, int dimensions)
    {
        var entries = new EntryInfo[Count()];
        for (var i = 0; i < entries.Length; i++)
        {
            var (id, path, day) = (reader.ReadInt64(), reader.ReadString(), reader.ReadInt32());
            entries[i] = new EntryInfo(id, path, day < 0 ? null : DateOnly.FromDayNumber(day), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());
        }
        (ChunkInfo[] Rows, Int8Rows Vectors) Rows()
        {
            var rows = new ChunkInfo[Count()];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = new ChunkInfo(reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
                if ((uint)rows[i].Entry >= (uint)entries.Length) throw new FormatException($"row {i} names entry {rows[i].Entry} of {entries.Length}");
            }
            // Straight into blocks of Int8Rows.BlockRows rows, as the tables' load makes them.
            var blocks = (rows.Length + Int8Rows.BlockRows - 1) / Int8Rows.BlockRows;
            var codes = new sbyte[blocks][];
            var scales = new float[blocks][];
            for (var b = 0; b < blocks; b++)
            {
                var n = Math.Min(Int8Rows.BlockRows, rows.Length - b * Int8Rows.BlockRows);
                codes[b] = GC.AllocateUninitializedArray<sbyte>(checked(n * dimensions));
                body.ReadExactly(MemoryMarshal.AsBytes(codes[b].AsSpan()));
            }
            for (var b = 0; b < blocks; b++)
            {
                scales[b] = new float[Math.Min(Int8Rows.BlockRows, rows.Length - b * Int8Rows.BlockRows)];
                body.ReadExactly(MemoryMarshal.AsBytes(scales[b].AsSpan()));
            }
            return (rows, new Int8Rows(codes, scales, dimensions));
        }
        // A count as written, where what is left of the body can hold that many records of at least 20 bytes: a
        // damaged one must not allocate gigabytes before the checksum, known only at the end, rejects the file.
        int Count()
        {
            var n = reader.ReadInt32();
            return n >= 0 && n <= left() / 20 ? n : throw new FormatException($"a count of {n} in at most {left():N0} bytes");
        }
        var (chunks, vectors) = Rows();
        var (windows, windowVectors) = Rows();
        return new SearchCorpus(entries, chunks, vectors, windows, windowVectors);
    }

}
