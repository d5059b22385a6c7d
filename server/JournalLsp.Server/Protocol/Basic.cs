using System.Text.Json;
using System.Text.Json.Serialization;

namespace JournalLsp.Server.Protocol;

// The subset of LSP 3.17 this server speaks, named as in the specification
// (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/).

/// <summary>LSP <c>Position</c>: 0-based line and UTF-16 character.</summary>
public sealed record Position(int Line, int Character);

/// <summary>LSP <c>Range</c>.</summary>
public sealed record Range(Position Start, Position End);

/// <summary>LSP <c>TextDocumentIdentifier</c>.</summary>
public sealed record TextDocumentIdentifier(string Uri);

/// <summary>LSP <c>TextDocumentPositionParams</c> (as used by <c>textDocument/hover</c>).</summary>
public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

/// <summary>LSP <c>MarkupContent</c>.</summary>
public sealed record MarkupContent(string Kind, string Value);

/// <summary>LSP <c>Hover</c>.</summary>
public sealed record Hover(MarkupContent Contents, Range? Range = null);

/// <summary>LSP <c>WorkspaceFolder</c>.</summary>
public sealed record WorkspaceFolder(string Uri, string Name);

/// <summary>LSP <c>InitializeParams</c> (the fields this server reads).</summary>
public sealed record InitializeParams(
    int? ProcessId = null, string? RootUri = null, WorkspaceFolder[]? WorkspaceFolders = null,
    JsonElement? Capabilities = null, JsonElement? InitializationOptions = null);

/// <summary>LSP <c>ServerInfo</c>.</summary>
public sealed record ServerInfo(string Name, string Version);

/// <summary>LSP <c>ExecuteCommandOptions</c>.</summary>
public sealed record ExecuteCommandOptions(string[] Commands);

/// <summary>LSP <c>ServerCapabilities</c> (what this server advertises).</summary>
public sealed record ServerCapabilities(
    int TextDocumentSync, bool HoverProvider, ExecuteCommandOptions ExecuteCommandProvider);

/// <summary>LSP <c>InitializeResult</c>.</summary>
public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

/// <summary>LSP <c>ExecuteCommandParams</c>.</summary>
public sealed record ExecuteCommandParams(string Command, JsonElement[]? Arguments = null);

/// <summary>LSP error codes used here (JSON-RPC 2.0 and LSP 3.17 §"ErrorCodes").</summary>
public static class ErrorCodes
{
    /// <summary>A request arrived before <c>initialize</c>.</summary>
    public const int ServerNotInitialized = -32002;
    /// <summary>The parameters are wrong.</summary>
    public const int InvalidParams = -32602;
    /// <summary>The request failed inside the server.</summary>
    public const int RequestFailed = -32803;
}

/// <summary>Shared serializer settings: camelCase names, nulls left out.</summary>
public static class LspJson
{
    /// <summary>The options every message is read and written with.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
