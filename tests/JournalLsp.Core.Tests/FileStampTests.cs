using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Tests;

/// <summary>Stat-first change detection (<see cref="FileStamp"/>): when a file must be read, and when a stamp may vouch for what was read.</summary>
public class FileStampTests
{
    private static readonly long Noon = new DateTime(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long Second = TimeSpan.TicksPerSecond;

    [Theory]
    [InlineData("120:1000", 120L, 1000L, false)] // as recorded: not read
    [InlineData("120:1000", 121L, 1000L, true)]  // grew
    [InlineData("120:1000", 120L, 1001L, true)]  // rewritten at the same size: a new time
    [InlineData("120:1000", 120L, 999L, true)]   // an older copy put back
    [InlineData(null, 120L, 1000L, true)]        // never stamped, or read too soon after a write
    public void A_file_is_read_unless_its_stamp_is_the_recorded_one(string? recorded, long size, long ticks, bool mustRead) =>
        Assert.Equal(mustRead, FileStamp.MustRead(recorded, new FileStamp(size, ticks)));

    [Fact]
    public void A_file_that_cannot_be_stated_is_read() => Assert.True(FileStamp.MustRead("120:1000", null));

    [Theory]
    [InlineData(-60, true)]  // written a minute before the run: vouches
    [InlineData(-3, true)]
    [InlineData(-2, false)]  // within the racy span (2 s): a write after the read could keep size and time
    [InlineData(-1, false)]
    [InlineData(0, false)]   // written as the run began
    [InlineData(5, false)]   // a write time in the future (clock skew)
    public void A_stamp_vouches_only_for_a_file_written_well_before_it_was_read(int writtenSecondsFromRun, bool vouches) =>
        Assert.Equal(vouches, new FileStamp(10, Noon + writtenSecondsFromRun * Second).CanVouch(Noon));

    [Fact]
    public void What_is_recorded_is_the_stamp_when_it_vouches_else_nothing()
    {
        var old = new FileStamp(10, Noon - 60 * Second);
        Assert.Equal($"10:{Noon - 60 * Second}", FileStamp.Recorded(old, Noon));
        Assert.False(FileStamp.MustRead(FileStamp.Recorded(old, Noon), old));
        Assert.Null(FileStamp.Recorded(new FileStamp(10, Noon), Noon));
        Assert.Null(FileStamp.Recorded(null, Noon));
    }
}
