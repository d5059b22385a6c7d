using System.Collections;
using System.Security.Cryptography;
using System.Text;
using JournalLsp.Indexing;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// Where the daemon for this build of the program and this environment listens: a Unix domain socket
/// <c>&lt;cache root&gt;/daemon/&lt;key&gt;.sock</c>, beside the lock file its one owner holds, <c>&lt;key&gt;.lock</c>.
/// The key (16 hex digits of a SHA-256) covers what an answer may depend on besides the arguments and the current
/// folder: the program's build (<see cref="Build"/>: a rebuilt program never talks to an older daemon) and the environment variables
/// that choose the journal, the cache, the time zone and the language. A client and the daemon it starts share that
/// environment, so a command answers the same in either.
/// </summary>
internal sealed record DaemonAddress(string Folder, string Key)
{
    /// <summary>The socket the daemon listens on.</summary>
    public string SocketPath => Path.Combine(Folder, Key + ".sock");

    /// <summary>The file whose exclusive lock makes one process the daemon of this key.</summary>
    public string LockPath => Path.Combine(Folder, Key + ".lock");

    /// <summary>The address for this process's build (<see cref="Build"/>, when the caller has it already) and environment.</summary>
    public static DaemonAddress ForThisProcess(string? build = null)
    {
        var identity = new StringBuilder(build ?? Build()).Append('\n');
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                     .Select(e => ((string)e.Key, e.Value as string))
                     .Where(e => Shapes(e.Item1))
                     .OrderBy(e => e.Item1, StringComparer.Ordinal))
            identity.Append(name).Append('=').Append(value).Append('\n');
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())))[..16];
        return new DaemonAddress(DaemonsFolder(), key);
    }

    /// <summary>The folder of every daemon's socket and lock file: <c>&lt;cache root&gt;/daemon</c>.</summary>
    public static string DaemonsFolder() => Path.Combine(IndexLocation.CacheRoot(), "daemon");

    /// <summary>
    /// The program's build as its files say it: the folder, and the name, size and time of writing of each assembly
    /// and of the program's executable (<c>journal-lsp</c>, the whole Native AOT tool; beside the assemblies, their
    /// apphost). A rebuild or reinstall of any of them (not only of the command line's own assembly, which a change to
    /// the engine alone leaves as it was) makes another key, and tells a running daemon to go. The same files whether
    /// the program runs as <c>journal-lsp</c> or as <c>dotnet journal-lsp.dll</c>: one daemon for both.
    /// </summary>
    public static string Build()
    {
        var folder = AppContext.BaseDirectory;
        var files = Directory.GetFiles(folder, "*.dll").ToList();
        var executable = Path.Combine(folder, typeof(DaemonAddress).Assembly.GetName().Name + (OperatingSystem.IsWindows() ? ".exe" : ""));
        if (File.Exists(executable)) files.Add(executable);
        var build = new StringBuilder(folder).Append('\n');
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            build.Append(info.Name).Append(' ').Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return build.ToString();
    }

    // The variables an answer reads (the journal and cache: DefaultJournal, IndexLocation; the day and the numbers'
    // format: TZ, LANG, LC_*, and .NET's globalization switches), not the daemon's own switches. Not every DOTNET_*:
    // `dotnet run` sets DOTNET_ROOT_X64 and the like, and the same program run both ways would start two daemons.
    private static bool Shapes(string name) =>
        name is "HOME" or "USERPROFILE" or "LOCALAPPDATA" or "APPDATA" or "XDG_CACHE_HOME" or "XDG_CONFIG_HOME"
            or "JOURNAL_DIR" or "TZ" or "LANG" or "LANGUAGE"
        || name.StartsWith("LC_", StringComparison.Ordinal)
        || name.StartsWith("DOTNET_SYSTEM_GLOBALIZATION_", StringComparison.Ordinal)
        || (name.StartsWith("JOURNAL_LSP_", StringComparison.Ordinal) && !name.StartsWith(DaemonClient.Variable, StringComparison.Ordinal));
}
