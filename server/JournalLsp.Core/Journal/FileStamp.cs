namespace JournalLsp.Core.Journal;

/// <summary>
/// A file's stat as change detection reads it, after git's index: its size (bytes) and last write time (UTC ticks of
/// 100 ns). A file whose stamp equals the one recorded when it was last read is not read again; one recorded too close
/// to its last write cannot vouch for it (<see cref="CanVouch"/>, git's "racy-git" rule, Documentation/technical/racy-git.txt).
/// .NET exposes no inode or ctime, so they are not part of it: an editor's save or a rename over the file gives it a
/// new write time; a tool that copies the source's write time (rsync -a, a sync client) over new content of the very
/// same size is not seen until <c>index --rebuild</c>.
/// </summary>
/// <param name="Size">Length in bytes.</param>
/// <param name="ModifiedTicks">Last write time, UTC, in ticks (100 ns).</param>
public readonly record struct FileStamp(long Size, long ModifiedTicks)
{
    /// <summary>
    /// How close to the read a write may have happened and still be missed by the stamp: 2 s (FAT and exFAT keep write
    /// times to 2 s; ext4, APFS and NTFS to 1 µs or better, but a write in the same clock tick as the read keeps the time).
    /// </summary>
    public static readonly long RacyTicks = TimeSpan.FromSeconds(2).Ticks;

    /// <summary>
    /// Whether this stamp, taken no earlier than <paramref name="checkedAtTicks"/> (UTC ticks, a time taken before the
    /// stat and the read), can stand for the content read: only when the file was last written more than
    /// <see cref="RacyTicks"/> before. A later write within that span could keep both size and time, so such a file is
    /// read again next time (and stamped then). A write time in the future (clock skew) never vouches.
    /// </summary>
    public bool CanVouch(long checkedAtTicks) => checkedAtTicks - ModifiedTicks > RacyTicks;

    /// <summary>The stamp as the index stores it: <c>size:ticks</c>.</summary>
    public override string ToString() => $"{Size}:{ModifiedTicks}";

    /// <summary>The stamp to store for a file stat'ed as <paramref name="stamp"/> and read after <paramref name="checkedAtTicks"/>: its <see cref="ToString"/>, or null when it cannot vouch (<see cref="CanVouch"/>) or the stat failed.</summary>
    public static string? Recorded(FileStamp? stamp, long checkedAtTicks) =>
        stamp is { } s && s.CanVouch(checkedAtTicks) ? s.ToString() : null;

    /// <summary>
    /// Whether a file must be read to know its content: when nothing was recorded for it (<paramref name="recorded"/>
    /// null: never read, or read too close to a write), its stat failed (<paramref name="now"/> null), or its stamp
    /// differs from the recorded one.
    /// </summary>
    public static bool MustRead(string? recorded, FileStamp? now) => recorded is null || now is not { } s || recorded != s.ToString();
}
