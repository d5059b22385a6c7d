using JournalLsp.Indexing;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>Between LSP's URIs and ranges and the engine's journal-relative paths and 0-based lines.</summary>
internal static class Conversions
{
    public static string? ToPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile ? u.LocalPath : null;

    public static string ToUri(string folder, string relativePath) => new Uri(Path.Combine(folder, relativePath)).AbsoluteUri;

    public static JournalResult ToProto(string folder, SearchResult r) => new(
        r.Date?.ToString("yyyy-MM-dd"), ToUri(folder, r.Path),
        new Protocol.Range(new Position(r.StartLine, 0), new Position(r.EndLine + 1, 0)), r.Score, r.Snippet, r.Heading);
}
