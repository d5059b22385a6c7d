using System.Text.Json;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// The server's settings, read from <c>initializationOptions</c> and from the client's <c>journal</c> configuration
/// section (<c>workspace/configuration</c>, <c>workspace/didChangeConfiguration</c>). Unknown keys are ignored and
/// out-of-range values fall back to the default, so a typo in a settings file never stops the server.
/// </summary>
/// <param name="Include">Globs of files to index, relative to the journal folder (default every <c>**/*.md</c>).</param>
/// <param name="Exclude">Globs of files to leave out.</param>
/// <param name="Results">How many entries commands and requests return (1-50).</param>
/// <param name="HoverResults">How many related days a hover lists (1-10).</param>
/// <param name="NeighbourDays">Days either side of an entry left out of its similar days (0-60).</param>
/// <param name="ForgottenWeight">How strongly related-day lists prefer entries not opened for a long time (0-1).</param>
/// <param name="DebounceMs">Pause in typing before an edited entry is re-embedded (ms, 100-10000).</param>
/// <param name="IndexLocation">The index file or a folder for it; read at <c>initialize</c> only. Null for the cache folder.</param>
/// <param name="PrivateFlag">A front-matter key that keeps a file out of the index when true, besides <c>private</c>.</param>
/// <param name="Model">
/// The embedding model's id (<see cref="Indexing.Embeddings.EmbeddingModelInfo.Known"/>), null for this machine's default; read at <c>initialize</c>
/// only; an unknown id keeps the default.
/// </param>
/// <param name="Threads">
/// Threads the embedding model may use, indexing and questions together (1 to the number of cores; null for all), so
/// a first indexing run can leave cores to the editor. Read at <c>initialize</c> only.
/// </param>
/// <param name="Enabled">
/// Whether the folder is served as a journal: true or false decides, null (the default) lets the files decide
/// (<see cref="Core.Journal.JournalDetection"/>), so a code repository is left alone.
/// </param>
/// <param name="Hovers">Whether hovers are answered (related days, a written date's entry).</param>
/// <param name="CodeLenses">Whether code lenses are offered ("N related days", "On this day").</param>
public sealed record ServerSettings(
    string[] Include, string[] Exclude, int Results, int HoverResults, int NeighbourDays, double ForgottenWeight,
    int DebounceMs, string? IndexLocation, string PrivateFlag = "private", string? Model = null, int? Threads = null,
    bool? Enabled = null, bool Hovers = true, bool CodeLenses = true)
{
    /// <summary>The defaults.</summary>
    public static ServerSettings Default { get; } = new([], [], 10, 5, 3, 0.1, 750, null);

    /// <summary>
    /// These settings updated by <paramref name="json"/>: either the settings object itself or one holding it under
    /// <c>journal</c>. Null, non-objects and wrong-typed values change nothing.
    /// </summary>
    public ServerSettings With(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } o) return this;
        if (o.TryGetProperty("journal", out var nested) && nested.ValueKind == JsonValueKind.Object) o = nested;
        return this with
        {
            Include = Strings(o, "include") ?? Include,
            Exclude = Strings(o, "exclude") ?? Exclude,
            Results = Int(o, "results", 1, 50) ?? Results,
            HoverResults = Int(o, "hoverResults", 1, 10) ?? HoverResults,
            NeighbourDays = Int(o, "neighbourDays", 0, 60) ?? NeighbourDays,
            ForgottenWeight = Number(o, "forgottenWeight", 0, 1) ?? ForgottenWeight,
            DebounceMs = Int(o, "debounceMs", 100, 10_000) ?? DebounceMs,
            PrivateFlag = o.TryGetProperty("privateFlag", out var f) && f.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(f.GetString()) ? f.GetString()!.Trim() : PrivateFlag,
            IndexLocation = o.TryGetProperty("indexLocation", out var l) && l.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(l.GetString()) ? l.GetString() : IndexLocation,
            Model = o.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String
                && Indexing.Embeddings.EmbeddingModelInfo.Known.FirstOrDefault(k => string.Equals(k.Id, m.GetString()?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known
                ? known.Id : Model,
            Threads = Int(o, "threads", 1, Environment.ProcessorCount) ?? Threads,
            // null is a value here: "let the files decide" (VS Code sends the setting's default, null, once it is removed).
            Enabled = !o.TryGetProperty("enabled", out var e) ? Enabled
                : e.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, JsonValueKind.Null => null, _ => Enabled },
            Hovers = Flag(o, "hovers") ?? Hovers,
            CodeLenses = Flag(o, "codeLenses") ?? CodeLenses,
        };
    }

    private static string[]? Strings(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray()
        : v.ValueKind == JsonValueKind.String ? [v.GetString()!]
        : null;

    private static bool? Flag(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static int? Int(JsonElement o, string name, int min, int max) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= min && i <= max ? i : null;

    private static double? Number(JsonElement o, string name, double min, double max) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() is var d && d >= min && d <= max ? d : null;
}
