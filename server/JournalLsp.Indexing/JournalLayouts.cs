using JournalLsp.Core.Journal;

namespace JournalLsp.Indexing;

/// <summary>Reads what a journal folder says of itself from disk: its settings files, as <see cref="JournalLayout.FromSettings"/> reads them.</summary>
public static class JournalLayouts
{
    // A settings file is a few hundred bytes; one larger than this is not the one meant.
    private const long MaxSettingsBytes = 1 << 20;

    /// <summary>
    /// The layout of <paramref name="folder"/>: <see cref="JournalLayout.SettingsFiles"/> that exist there, and this
    /// machine's time zone (the writer's, for instants written in UTC). Reads only; an unreadable settings file is a
    /// problem of the layout, never an exception.
    /// </summary>
    public static JournalLayout Read(string folder)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var relative in JournalLayout.SettingsFiles)
        {
            var path = Path.Combine(folder, relative);
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists) continue;
                // Logseq's config.edn only says the folder is a graph; its text is not read.
                settings[relative] = info.Length > MaxSettingsBytes || relative.EndsWith(".edn", StringComparison.Ordinal) ? "" : File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{relative} could not be read ({e.Message}); ignored");
            }
        }
        var layout = JournalLayout.FromSettings(settings, TimeZoneInfo.Local);
        return problems.Count == 0 ? layout : layout with { Problems = [.. layout.Problems, .. problems] };
    }
}
