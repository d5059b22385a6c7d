namespace JournalLsp.Indexing.Privacy;

/// <summary>
/// Folders and files readable by their owner only: 0700 folders and 0600 files on Linux and macOS (the index is a
/// plain copy of journal text). On Windows the per-user profile folders already keep other users out, so nothing is
/// changed there.
/// </summary>
public static class PrivateStorage
{
    /// <summary>rwx for the owner: 0700.</summary>
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner: 0600.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates <paramref name="folder"/> and any missing parents as 0700. With <paramref name="restrictExisting"/>,
    /// a folder that already exists is set to 0700 too (our own cache folders, made by an older version); a folder the
    /// user chose is left as it is.
    /// </summary>
    /// <exception cref="IOException">When the folder cannot be created.</exception>
    public static void CreateFolder(string folder, bool restrictExisting)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (Directory.Exists(folder))
        {
            if (restrictExisting) File.SetUnixFileMode(folder, OwnerOnlyFolder);
            return;
        }
        Directory.CreateDirectory(folder, OwnerOnlyFolder);
    }

    /// <summary>
    /// Makes <paramref name="path"/> a 0600 file: created empty when missing (so that SQLite, which gives its -wal and
    /// -shm files the database file's mode, never makes a world-readable one), restricted when present.
    /// </summary>
    public static void CreateFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (!File.Exists(path)) File.Create(path).Dispose();
            return;
        }
        if (File.Exists(path))
        {
            Restrict(path);
            return;
        }
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            Restrict(path); // another process created it first
        }
    }

    /// <summary>Sets an existing file to 0600; a missing file is ignored.</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        if (File.GetUnixFileMode(path) != OwnerOnlyFile) File.SetUnixFileMode(path, OwnerOnlyFile);
    }
}
