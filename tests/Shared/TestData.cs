namespace JournalLsp.Tests;

/// <summary>Locates ../shared/corpora from the repository (the corpora are never copied into the repo).</summary>
internal static class TestData
{
    public static string Pepys => Path.Combine(Corpora, "pepys-diary");

    /// <summary>The repository root (the folder holding JournalLsp.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "JournalLsp.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Corpora
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpora");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("../shared/corpora not found above " + AppContext.BaseDirectory);
        }
    }
}
