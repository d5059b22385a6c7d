using System.Runtime;
using JournalLsp.Indexing;
using JournalLsp.Indexing.Privacy;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// Multi-core JIT (<see cref="ProfileOptimization"/>, as the C# compiler server and the dotnet CLI use it): the
/// methods this program compiled in its first minute last time are compiled again on another core while it starts.
/// ReadyToRun leaves about 750 to compile before <c>initialize</c> is answered (the async state machines' builders,
/// System.Text.Json's serializers, immutable collections: generics outside our assemblies' version bubble).
/// </summary>
internal static class StartupProfile
{
    /// <summary>
    /// Starts recording this start's compiled methods and replaying the last start's, from
    /// <c>&lt;cache&gt;/startup/&lt;name&gt;.jitprofile</c> (a list of method names, written by the runtime at exit; the
    /// folder 0700 and the file 0600, as the rest of the cache); nothing where the server is compiled ahead of time.
    /// Never fails the start: a cache that cannot be written only loses the head start.
    /// </summary>
    public static void Start(string name)
    {
        // Compiled ahead of time (the linux-x64 package's Native AOT server), nothing is compiled at run time: no profile.
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled) return;
        try
        {
            var folder = Path.Combine(IndexLocation.CacheRoot(), "startup");
            IndexLocation.CreateFolder(folder);
            var file = $"{name}.jitprofile";
            PrivateStorage.CreateFile(Path.Combine(folder, file)); // the runtime rewrites it in place, keeping 0600
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"[journal-lsp] no startup profile: {e.Message}");
        }
    }
}
