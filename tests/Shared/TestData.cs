namespace JournalLsp.Tests;

/// <summary>Locates ../shared/corpora from the repository (the corpora are never copied into the repo).</summary>
internal static class TestData
{
    public static string Pepys => Path.Combine(Corpora, "pepys-diary");

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
