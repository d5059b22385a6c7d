using System.IO.Compression;
using JournalLsp.Core.Import;
using JournalLsp.Core.Journal;

namespace JournalLsp.Indexing;

/// <summary>What an import did: days written or added to, entries added, entries already there, photos copied, and what it could not read.</summary>
/// <param name="Files">Day files created or added to, relative to the target folder, sorted.</param>
/// <param name="Added">Entries written.</param>
/// <param name="AlreadyThere">Entries an earlier import had written (matched by id): left as they are.</param>
/// <param name="Photos">Photos copied beside their entries.</param>
/// <param name="Problems">Entries or files skipped, and why.</param>
public sealed record ImportReport(IReadOnlyList<string> Files, int Added, int AlreadyThere, int Photos, IReadOnlyList<string> Problems);

/// <summary>The apps a journal is imported from.</summary>
public enum ImportSource
{
    /// <summary>Day One: its JSON export (a .zip, or the .json inside it) or its Markdown export (.md, .txt).</summary>
    DayOne,
    /// <summary>jrnl's text journal (journal.txt).</summary>
    Jrnl,
}

/// <summary>
/// Imports another app's journal into a journal folder as Markdown, one file per day (<see cref="ImportedDays"/>): never
/// overwrites a file. A day file an earlier import wrote gains only the entries it lacks (matched by id, listed in its
/// front matter); a file at that path that no import wrote is left alone and the day goes beside it
/// (<c>2024-01-15 (imported).md</c>). Photos are copied beside their day (<c>photos/&lt;md5&gt;.jpeg</c>) and the
/// entry's <c>dayone-moment://</c> links point to them.
/// </summary>
public static class JournalImport
{
    /// <summary>Imports <paramref name="source"/> into <paramref name="folder"/> (created when missing).</summary>
    /// <param name="source">The export: a Day One .zip, .json, .md or .txt, or a jrnl .txt.</param>
    /// <param name="kind">Which app made it.</param>
    /// <param name="folder">The journal folder to write into.</param>
    /// <param name="layout">Each day's path below <paramref name="folder"/>, a moment.js pattern without extension (<see cref="ImportedDays.DefaultLayout"/>).</param>
    /// <param name="progress">Told each day written, with how many there are.</param>
    /// <exception cref="JournalException">When the source is missing, not an export of that app, or the layout names no day.</exception>
    public static ImportReport Import(string source, ImportSource kind, string folder, string layout = ImportedDays.DefaultLayout, IProgress<(int Done, int Total)>? progress = null)
    {
        if (Directory.Exists(source)) throw new JournalException($"'{source}' is a folder: give the export file itself (a .zip, .json, .md or .txt)");
        if (!File.Exists(source)) throw new JournalException($"'{source}' does not exist");
        if (File.Exists(folder)) throw new JournalException($"'{folder}' is a file: give the journal folder to write into");
        var pattern = MomentPattern.TryParse(layout, out var problem) ?? throw new JournalException($"--layout {problem}");
        var root = Path.GetFullPath(folder);
        // A layout with "..", or an absolute literal, would name files outside the folder.
        if (!Inside(root, Path.Combine(root, ImportedDays.PathOf(new DateOnly(2024, 1, 15), pattern))))
            throw new JournalException($"--layout '{layout}' names files outside {root}");
        var zone = TimeZoneInfo.Local;
        using var zip = kind == ImportSource.DayOne && source.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? OpenZip(source) : null;
        var (entries, said, photoFiles) = Read(source, kind, zone, zip);
        var problems = said.ToList();
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var (added, already, photos) = (0, 0, 0);
        var days = entries.GroupBy(e => e.Day).OrderBy(g => g.Key).ToList();
        for (var d = 0; d < days.Count; d++)
        {
            var day = days[d];
            var relative = ImportedDays.PathOf(day.Key, pattern);
            var (path, fresh) = Target(folder, relative, day.ToList());
            already += day.Count() - fresh.Count;
            if (fresh.Count > 0)
            {
                var links = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var photo in fresh.SelectMany(e => e.Photos ?? []))
                {
                    if (!photoFiles.TryGetValue(photo.FileName, out var read))
                    {
                        problems.Add($"{day.Key:yyyy-MM-dd}: photo {photo.FileName} is not in the export; its dayone-moment:// link is left as it was");
                        continue;
                    }
                    var target = Path.Combine(Path.GetDirectoryName(path)!, "photos", photo.FileName);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    if (!File.Exists(target))
                    {
                        // Copied beside, then moved into place: a photo cut short by a crash is never taken for one there.
                        var partial = target + ".partial";
                        using (var from = read())
                        using (var to = new FileStream(partial, FileMode.Create))
                            from.CopyTo(to);
                        File.Move(partial, target);
                        photos++;
                    }
                    links[photo.Identifier] = "photos/" + photo.FileName;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (File.Exists(path))
                {
                    // Written beside and moved over it: a crash leaves the day as it was or as it is now, never cut short.
                    var next = path + ".importing";
                    File.WriteAllText(next, ImportedDays.Append(File.ReadAllText(path), fresh, links)!);
                    File.Move(next, path, overwrite: true);
                }
                else
                {
                    using var writer = new StreamWriter(new FileStream(path, FileMode.CreateNew));
                    writer.Write(ImportedDays.Render(fresh, links));
                }
                added += fresh.Count;
                files.Add(Path.GetRelativePath(folder, path).Replace('\\', '/'));
            }
            progress?.Report((d + 1, days.Count));
        }
        files.Sort(StringComparer.Ordinal);
        return new ImportReport(files, added, already, photos, problems);
    }

    private static bool Inside(string root, string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    // Where a day's entries go and which of them are not there yet: the layout's path when it is free or an earlier
    // import wrote it; else "<name> (imported).md" beside it, by the same rule.
    private static (string Path, List<ImportedEntry> Fresh) Target(string folder, string relative, List<ImportedEntry> day)
    {
        var path = Path.Combine(folder, relative);
        for (var attempt = 0; ; attempt++)
        {
            if (!File.Exists(path)) return (path, day);
            var text = File.ReadAllText(path);
            if (ImportedDays.Append(text, [], new Dictionary<string, string>()) is not null)
            {
                var ids = ImportedDays.IdsIn(text);
                return (path, day.Where(e => !ids.Contains(e.Id)).ToList());
            }
            var stem = Path.Combine(folder, relative[..^".md".Length]);
            path = $"{stem} (imported{(attempt == 0 ? "" : $" {attempt + 1}")}).md";
        }
    }

    private static (IReadOnlyList<ImportedEntry> Entries, IReadOnlyList<string> Problems, Dictionary<string, Func<Stream>> Photos) Read(
        string source, ImportSource kind, TimeZoneInfo zone, ZipArchive? zip)
    {
        try
        {
            var extension = Path.GetExtension(source).ToLowerInvariant();
            if (kind == ImportSource.Jrnl)
            {
                var (jrnl, said) = DayOneExport.ReadJrnl(File.ReadAllText(source), zone);
                return jrnl.Count == 0 ? throw new JournalException($"'{source}' holds no jrnl entries ('[YYYY-MM-DD hh:mm:ss AM] title' lines)") : (jrnl, said, []);
            }
            if (extension is ".md" or ".txt")
            {
                var (markdown, said) = DayOneExport.ReadMarkdown(File.ReadAllText(source), zone);
                return (markdown, said, []);
            }
            if (extension == ".json")
            {
                var (json, said) = DayOneExport.ReadJson(File.ReadAllText(source), FindZone);
                var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, "photos");
                var photos = new Dictionary<string, Func<Stream>>(StringComparer.Ordinal);
                if (Directory.Exists(beside))
                    foreach (var f in Directory.GetFiles(beside)) photos.TryAdd(Path.GetFileName(f), () => File.OpenRead(f));
                return (json, said, photos);
            }
            if (zip is not null)
            {
                var journals = zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/')).ToList();
                if (journals.Count == 0) throw new JournalException($"'{source}' holds no Day One journal (.json at its top)");
                var entries = new List<ImportedEntry>();
                var problems = new List<string>();
                foreach (var journal in journals)
                {
                    using var reader = new StreamReader(journal.Open());
                    var (read, said) = DayOneExport.ReadJson(reader.ReadToEnd(), FindZone);
                    entries.AddRange(read);
                    problems.AddRange(said.Select(p => $"{journal.FullName}: {p}"));
                }
                var photos = new Dictionary<string, Func<Stream>>(StringComparer.Ordinal);
                foreach (var e in zip.Entries.Where(e => e.FullName.StartsWith("photos/", StringComparison.Ordinal) && e.Name.Length > 0))
                    photos.TryAdd(e.Name, e.Open);
                return (entries, problems, photos);
            }
            throw new JournalException($"'{source}': a Day One export is a .zip, .json, .md or .txt file");
        }
        catch (FormatException e)
        {
            throw new JournalException($"'{source}': {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new JournalException($"'{source}' is not a zip file Day One wrote ({e.Message})");
        }
    }

    private static ZipArchive OpenZip(string source)
    {
        try
        {
            return ZipFile.OpenRead(source);
        }
        catch (InvalidDataException e)
        {
            throw new JournalException($"'{source}' is not a zip file ({e.Message})");
        }
    }

    private static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
