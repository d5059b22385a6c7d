using System.Text.Json;
using JournalLsp.Indexing;

namespace JournalLsp.Cli;

/// <summary>
/// The journal a command uses when <c>--journal</c> is not given: <c>$JOURNAL_DIR</c>, else the <c>"journal"</c> of
/// the config file (<see cref="ConfigPath"/>), so that the installed tool answers from any folder. Relative paths
/// count from the current folder (the variable's) or from the config file's folder (the file's).
/// </summary>
internal static class DefaultJournal
{
    /// <summary>The environment variable naming the default journal folder.</summary>
    public const string Variable = "JOURNAL_DIR";

    /// <summary>
    /// <c>$XDG_CONFIG_HOME/journal-lsp/config.json</c>, else <c>~/.config/journal-lsp/config.json</c> (on Windows,
    /// <c>%APPDATA%\journal-lsp\config.json</c>), as <c>{ "journal": "~/journal" }</c>.
    /// </summary>
    public static string ConfigPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "journal-lsp", "config.json");
        return OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "journal-lsp", "config.json")
            : Path.Combine(Home, ".config", "journal-lsp", "config.json");
    }

    /// <summary>The default journal folder.</summary>
    /// <exception cref="JournalException">When neither the variable nor the config file names one, or the file is not
    /// valid JSON with a "journal" string.</exception>
    public static DirectoryInfo Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromVariable)
            return new DirectoryInfo(Path.GetFullPath(Expand(fromVariable)));
        var config = ConfigPath();
        if (!File.Exists(config))
            throw new JournalException($"no journal given: pass --journal <folder>, set {Variable}, or write {{ \"journal\": \"<folder>\" }} to {config}");
        string? folder;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(config));
            folder = document.RootElement.ValueKind == JsonValueKind.Object
                     && document.RootElement.TryGetProperty("journal", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new JournalException($"{config} is not valid JSON ({e.Message}); expected {{ \"journal\": \"<folder>\" }}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"{config} could not be read: {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(folder))
            throw new JournalException($"{config} has no \"journal\" folder; expected {{ \"journal\": \"<folder>\" }}");
        return new DirectoryInfo(Path.GetFullPath(Expand(folder), Path.GetDirectoryName(config)!));
    }

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    // "~/journal" as a shell would read it: the variable is often set in a config file that no shell expanded.
    private static string Expand(string path) =>
        path == "~" ? Home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Home, path[2..]) : path;
}
