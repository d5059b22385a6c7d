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

    /// <summary>
    /// A package that ships inside npm itself (<c>$(npm root -g)/npm/node_modules/&lt;name&gt;</c>): real third-party
    /// files on every machine that runs the tests, since the test command needs Node and npm.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">When npm or the package is not there.</exception>
    public static string NpmBundledPackage(string name)
    {
        using var npm = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("npm", "root -g") { RedirectStandardOutput = true })
            ?? throw new DirectoryNotFoundException("npm did not start");
        var root = npm.StandardOutput.ReadToEnd().Trim();
        npm.WaitForExit();
        var folder = Path.Combine(root, "npm", "node_modules", name);
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"{folder} not found (npm root -g gave '{root}')");
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
