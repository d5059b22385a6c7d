using JournalLsp.Core.Import;
using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Tests;

/// <summary>Day One's and jrnl's exports read, and imported days written as Markdown (<see cref="ImportedDays"/>).</summary>
public class ImportTests
{
    // Five hours behind UTC in winter: an offset taken for UTC, or UTC taken for local, shows.
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private const string Export = """
        {"metadata": {"version": "1.0"}, "entries": [
          {"uuid": "A1", "creationDate": "2024-01-15T23:30:00Z", "timeZone": "Asia/Tokyo", "text": "Mr\\. Tanaka \\(the potter\\) came\\!\n\n1\\. not a list\n\\- not a bullet\n![](dayone-moment://0123456789ABCDEF0123)",
           "tags": ["travel", "pottery"], "starred": true,
           "location": {"placeName": "Kyoto Station", "localityName": "Kyoto", "country": "Japan"},
           "weather": {"temperatureCelsius": 4.4, "conditionsDescription": "Clear"},
           "photos": [{"identifier": "0123456789ABCDEF0123", "md5": "d41d8cd9", "type": "jpeg"}]},
          {"uuid": "B2", "creationDate": "2024-01-15T10:00:00Z", "timeZone": "Nowhere/Atlantis", "text": "A second entry."},
          {"uuid": "C3", "text": "No date."}
        ]}
        """;

    [Fact]
    public void A_day_one_entry_is_dated_on_its_writers_clock()
    {
        var (entries, _) = DayOneExport.ReadJson(Export, Find);
        // 23:30 UTC on the 15th is 08:30 on the 16th in Tokyo: the day the writer lived.
        Assert.Equal(new DateTimeOffset(2024, 1, 16, 8, 30, 0, TimeSpan.FromHours(9)), entries[0].Written);
        Assert.Equal(new DateOnly(2024, 1, 16), entries[0].Day);
    }

    [Fact]
    public void A_day_one_entry_keeps_its_tags_place_weather_star_and_photo()
    {
        var entry = DayOneExport.ReadJson(Export, Find).Entries[0];
        Assert.Equal(("A1", "Kyoto Station, Kyoto, Japan", "4°C Clear", true), (entry.Id, entry.Place, entry.Weather, entry.Starred));
        Assert.Equal(["travel", "pottery"], entry.Tags);
        Assert.Equal(new ImportedPhoto("0123456789ABCDEF0123", "d41d8cd9.jpeg"), Assert.Single(entry.Photos!));
    }

    [Fact]
    public void Entries_without_a_date_or_a_known_zone_are_said()
    {
        var (entries, problems) = DayOneExport.ReadJson(Export, Find);
        Assert.Equal(2, entries.Count);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 0, 0, TimeSpan.Zero), entries[1].Written); // UTC, said
        Assert.Collection(problems, p => Assert.Contains("Nowhere/Atlantis", p), p => Assert.Contains("no creationDate", p));
    }

    [Theory]
    [InlineData(@"Mr\. Smith \(see\) came\!", "Mr. Smith (see) came!")]
    [InlineData(@"1\. not a list", @"1\. not a list")] // the escape keeps the line from being a list
    [InlineData(@"\- not a bullet", @"\- not a bullet")]
    [InlineData(@"\# not a heading", @"\# not a heading")]
    [InlineData(@"a \# in a line", "a # in a line")]
    [InlineData(@"\*literal stars\*", @"\*literal stars\*")] // an escape that means something
    public void Day_ones_escapes_are_undone_where_they_change_nothing(string text, string expected) =>
        Assert.Equal(expected, DayOneExport.Unescape(text));

    [Fact]
    public void Not_a_day_one_export_is_a_clear_error() =>
        Assert.Contains("no \"entries\" list", Assert.Throws<FormatException>(() => DayOneExport.ReadJson("{\"notes\": []}", Find)).Message);

    [Fact]
    public void The_markdown_export_gives_each_entry_with_its_metadata()
    {
        const string text = "\tDate:\tDecember 6, 2010 at 9:00 AM\n\tLocation:\tLisbon, Portugal\n\tWeather:\t14°C Partly Cloudy\n\tTags:\twork, rain\n\nFirst day\\. Rain\\.\n\n\tDate:\tDecember 7, 2010 at 10:15 PM\n\nSecond.\n";
        var (entries, problems) = DayOneExport.ReadMarkdown(text, NewYork);
        Assert.Empty(problems);
        Assert.Equal([new DateTimeOffset(2010, 12, 6, 9, 0, 0, TimeSpan.FromHours(-5)), new DateTimeOffset(2010, 12, 7, 22, 15, 0, TimeSpan.FromHours(-5))], entries.Select(e => e.Written));
        Assert.Equal(new DateOnly(2010, 12, 7), entries[1].Day); // 22:15 on the writer's clock, though the 8th in UTC
        Assert.Equal(("First day. Rain.", "Lisbon, Portugal", "14°C Partly Cloudy"), (entries[0].Text, entries[0].Place, entries[0].Weather));
        Assert.Equal(["work", "rain"], entries[0].Tags);
    }

    [Fact]
    public void A_jrnl_journal_gives_its_entries_with_times_stars_and_tags()
    {
        var (entries, _) = DayOneExport.ReadJrnl("[2024-01-15 09:30:00 PM] Dinner with @anna. *\nGood talk.\n[x] bring wine\n[2024-01-16 07:00:00 AM] Run.\n", NewYork);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 21, 30, 0, TimeSpan.FromHours(-5)), entries[0].Written);
        Assert.Equal(("Dinner with @anna.\n\nGood talk.\n[x] bring wine", true), (entries[0].Text, entries[0].Starred)); // "[x]" is no stamp
        Assert.Equal(["anna"], entries[0].Tags);
        Assert.False(entries[1].Starred);
    }

    [Fact]
    public void A_day_file_holds_front_matter_a_date_heading_and_each_entry_under_its_time()
    {
        var at = new DateTimeOffset(2024, 1, 16, 8, 30, 0, TimeSpan.FromHours(9));
        var text = ImportedDays.Render(
        [
            new ImportedEntry("B", at.AddHours(12), "Evening.", ["travel"]),
            new ImportedEntry("A", at, "Morning ![](dayone-moment://0123456789ABCDEF0123)", ["travel", "pottery"], "Kyoto, Japan", "4°C Clear", Starred: true),
        ], new Dictionary<string, string> { ["0123456789ABCDEF0123"] = "photos/d41d8cd9.jpeg" });
        Assert.Equal("""
            ---
            date: 2024-01-16
            time: "08:30"
            utc-offset: "+09:00"
            tags: [travel, pottery]
            place: "Kyoto, Japan"
            weather: "4°C Clear"
            starred: true
            imported: [A, B]
            ---

            # 2024-01-16

            ## 08:30 · Kyoto, Japan · 4°C Clear ★

            Morning ![](photos/d41d8cd9.jpeg)

            ## 20:30

            Evening.

            """, text);
        var parsed = JournalParser.Parse("2024/2024-01-16.md", text);
        Assert.Equal(new DateOnly(2024, 1, 16), Assert.Single(parsed.Entries).Date);
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void A_second_import_appends_only_new_entries_and_lists_their_ids()
    {
        var at = new DateTimeOffset(2024, 1, 16, 8, 30, 0, TimeSpan.Zero);
        var first = ImportedDays.Render([new ImportedEntry("A", at, "Morning.", [])], new Dictionary<string, string>());
        var second = ImportedDays.Append(first, [new ImportedEntry("C", at.AddHours(2), "Later.", [])], new Dictionary<string, string>())!;
        Assert.Equal(["A", "C"], ImportedDays.IdsIn(second).Order());
        Assert.Equal(first.Replace("imported: [A]", "imported: [A, C]", StringComparison.Ordinal).TrimEnd() + "\n\n## 10:30\n\nLater.\n", second);
    }

    [Fact]
    public void A_file_no_import_wrote_is_never_appended_to() =>
        Assert.Null(ImportedDays.Append("# 2024-01-16\n\nMy own words.\n", [new ImportedEntry("A", DateTimeOffset.UnixEpoch, "x", [])], new Dictionary<string, string>()));

    [Fact]
    public void An_entry_edited_since_the_last_import_keeps_its_id()
    {
        var before = DayOneExport.ReadJrnl("[2024-01-15 09:30:00 PM] Dinner with Anna.\nGood talk.\n", NewYork).Entries[0];
        var after = DayOneExport.ReadJrnl("[2024-01-15 09:30:00 PM] Dinner with Anna.\nA good, long talk.\n", NewYork).Entries[0];
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Id, DayOneExport.ReadJrnl("[2024-01-15 09:30:00 PM] Dinner with Anna.\n", TimeZoneInfo.Utc).Entries[0].Id); // any machine's zone
    }

    [Fact]
    public void An_entrys_headings_go_below_the_days_and_an_unknown_offset_is_not_written()
    {
        var at = new DateTimeOffset(2024, 1, 16, 8, 30, 0, TimeSpan.FromHours(-5));
        var one = ImportedDays.Render([new ImportedEntry("A", at, "# Rainy walk\nWet.", [], ZoneKnown: false)], new Dictionary<string, string>());
        Assert.Contains("\n## Rainy walk\nWet.", one, StringComparison.Ordinal);
        Assert.DoesNotContain("utc-offset", one, StringComparison.Ordinal);
        var two = ImportedDays.Render([new ImportedEntry("A", at, "# Rainy walk", []), new ImportedEntry("B", at.AddHours(1), "# 2024-01-15", [])], new Dictionary<string, string>());
        Assert.Contains("\n### Rainy walk", two, StringComparison.Ordinal);
        Assert.Single(Journal.JournalParser.Parse("2024/2024-01-16.md", two).Entries); // a date heading inside stays inside
    }

    [Fact]
    public void A_photo_named_outside_its_folder_is_not_taken()
    {
        const string json = """{"entries": [{"uuid": "A", "creationDate": "2024-01-15T10:00:00Z", "text": "x", "photos": [{"identifier": "0123456789ABCDEF", "md5": "../../etc", "type": "jpeg"}, {"identifier": "0123456789ABCDEF0", "md5": "ab12", "type": "j/peg"}]}]}""";
        Assert.Empty(DayOneExport.ReadJson(json, Find).Entries[0].Photos!);
    }

    [Fact]
    public void Invalid_json_says_where()
    {
        var e = Assert.Throws<FormatException>(() => DayOneExport.ReadJson("{\"entries\": [\n  {\"uuid\": }]}", Find));
        Assert.Contains("not valid JSON (line 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("YYYY/YYYY-MM-DD", "2024/2024-01-05.md")]
    [InlineData("YYYY/MMMM/YYYY-MMM-DD", "2024/January/2024-Jan-05.md")]
    [InlineData("YYYY/MM/DD", "2024/01/05.md")]
    [InlineData("dddd, MMMM Do YYYY", "Friday, January 5th 2024.md")]
    public void A_layout_names_each_days_file(string layout, string path) =>
        Assert.Equal(path, ImportedDays.PathOf(new DateOnly(2024, 1, 5), MomentPattern.TryParse(layout, out _)!));

    private static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
    }
}
