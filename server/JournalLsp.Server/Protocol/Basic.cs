using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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

/// <summary>LSP <c>Command</c>.</summary>
public sealed record Command(string Title, string CommandName, JsonElement[]? Arguments = null)
{
    /// <summary>The command's identifier (the spec's <c>command</c> field).</summary>
    [JsonPropertyName("command")]
    public string CommandName { get; init; } = CommandName;
}

/// <summary>LSP <c>CodeLensParams</c>.</summary>
public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

/// <summary>LSP <c>CodeLens</c>: unresolved when <see cref="Command"/> is null (filled in by <c>codeLens/resolve</c>).</summary>
public sealed record CodeLens(Range Range, Command? Command = null, JsonElement? Data = null);

/// <summary>LSP <c>WorkspaceFolder</c>.</summary>
public sealed record WorkspaceFolder(string Uri, string Name);

/// <summary>LSP <c>InitializeParams</c> (the fields this server reads).</summary>
public sealed record InitializeParams(
    int? ProcessId = null, string? RootUri = null, string? RootPath = null, WorkspaceFolder[]? WorkspaceFolders = null,
    JsonElement? Capabilities = null, JsonElement? InitializationOptions = null);

/// <summary>LSP <c>ServerInfo</c>.</summary>
public sealed record ServerInfo(string Name, string Version);

/// <summary>LSP <c>ExecuteCommandOptions</c>.</summary>
public sealed record ExecuteCommandOptions(string[] Commands);

/// <summary>LSP <c>CodeLensOptions</c>.</summary>
public sealed record CodeLensOptions(bool ResolveProvider);

/// <summary>LSP <c>SaveOptions</c>.</summary>
public sealed record SaveOptions(bool IncludeText);

/// <summary>LSP <c>TextDocumentSyncOptions</c>; <see cref="Change"/> is a <c>TextDocumentSyncKind</c> (2 = Incremental).</summary>
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);

/// <summary>LSP <c>CodeActionOptions</c>.</summary>
public sealed record CodeActionOptions(string[] CodeActionKinds);

/// <summary>LSP <c>ServerCapabilities</c> (what this server advertises).</summary>
public sealed record ServerCapabilities(
    TextDocumentSyncOptions TextDocumentSync, bool HoverProvider, CodeLensOptions CodeLensProvider,
    ExecuteCommandOptions ExecuteCommandProvider, bool DefinitionProvider = false, bool ReferencesProvider = false,
    bool WorkspaceSymbolProvider = false, CodeActionOptions? CodeActionProvider = null);

/// <summary>LSP <c>Location</c>.</summary>
public sealed record Location(string Uri, Range Range);

/// <summary>LSP <c>ReferenceParams</c> (the context, <c>includeDeclaration</c>, is not read: an entry is never its own related day).</summary>
public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, JsonElement? Context = null);

/// <summary>LSP <c>WorkspaceSymbolParams</c>.</summary>
public sealed record WorkspaceSymbolParams(string? Query = null);

/// <summary>LSP <c>SymbolInformation</c>; <see cref="Kind"/> is a <c>SymbolKind</c> (24 = Event: a day).</summary>
public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName = null);

/// <summary>LSP <c>CodeActionParams</c> (the context is not read: the actions depend on the entry alone).</summary>
public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, JsonElement? Context = null);

/// <summary>LSP <c>CodeAction</c> that runs a command.</summary>
public sealed record CodeAction(string Title, string Kind, Command Command);

/// <summary>LSP <c>InitializeResult</c>.</summary>
public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

/// <summary>LSP <c>ExecuteCommandParams</c>.</summary>
public sealed record ExecuteCommandParams(string Command, JsonElement[]? Arguments = null);

/// <summary>LSP <c>TextDocumentItem</c>.</summary>
public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

/// <summary>LSP <c>VersionedTextDocumentIdentifier</c>.</summary>
public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

/// <summary>LSP <c>TextDocumentContentChangeEvent</c>: a range edit, or the whole text when <see cref="Range"/> is null.</summary>
public sealed record TextDocumentContentChangeEvent(string Text, Range? Range = null);

/// <summary>LSP <c>DidOpenTextDocumentParams</c>.</summary>
public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

/// <summary>LSP <c>DidChangeTextDocumentParams</c>.</summary>
public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);

/// <summary>LSP <c>DidSaveTextDocumentParams</c>.</summary>
public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text = null);

/// <summary>LSP <c>DidCloseTextDocumentParams</c>.</summary>
public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

/// <summary>LSP <c>FileChangeType</c>.</summary>
public static class FileChangeType
{
    /// <summary>The file was created.</summary>
    public const int Created = 1;
    /// <summary>The file was changed.</summary>
    public const int Changed = 2;
    /// <summary>The file was deleted.</summary>
    public const int Deleted = 3;
}

/// <summary>LSP <c>FileEvent</c>; <see cref="Type"/> is a <see cref="FileChangeType"/>.</summary>
public sealed record FileEvent(string Uri, int Type);

/// <summary>LSP <c>DidChangeWatchedFilesParams</c>.</summary>
public sealed record DidChangeWatchedFilesParams(FileEvent[] Changes);

/// <summary>LSP <c>FileSystemWatcher</c>.</summary>
public sealed record FileSystemWatcher(string GlobPattern);

/// <summary>LSP <c>DidChangeWatchedFilesRegistrationOptions</c>.</summary>
public sealed record DidChangeWatchedFilesRegistrationOptions(FileSystemWatcher[] Watchers);

/// <summary>LSP <c>Registration</c>.</summary>
public sealed record Registration(string Id, string Method, object? RegisterOptions = null);

/// <summary>LSP <c>RegistrationParams</c> of <c>client/registerCapability</c>.</summary>
public sealed record RegistrationParams(Registration[] Registrations);

/// <summary>LSP <c>DidChangeConfigurationParams</c>.</summary>
public sealed record DidChangeConfigurationParams(JsonElement? Settings = null);

/// <summary>LSP <c>ConfigurationItem</c>.</summary>
public sealed record ConfigurationItem(string? ScopeUri = null, string? Section = null);

/// <summary>LSP <c>ConfigurationParams</c> of <c>workspace/configuration</c>.</summary>
public sealed record ConfigurationParams(ConfigurationItem[] Items);

/// <summary>LSP <c>WorkDoneProgressCreateParams</c>.</summary>
public sealed record WorkDoneProgressCreateParams(string Token);

/// <summary>LSP <c>ProgressParams</c> of <c>$/progress</c>; the value is a WorkDoneProgressBegin, Report or End.</summary>
public sealed record ProgressParams(string Token, object Value);

/// <summary>LSP <c>WorkDoneProgressBegin</c>.</summary>
public sealed record WorkDoneProgressBegin(string Title, string? Message = null, int? Percentage = null, bool Cancellable = false)
{
    /// <summary>Always "begin".</summary>
    public string Kind => "begin";
}

/// <summary>LSP <c>WorkDoneProgressReport</c>.</summary>
public sealed record WorkDoneProgressReport(string? Message = null, int? Percentage = null)
{
    /// <summary>Always "report".</summary>
    public string Kind => "report";
}

/// <summary>LSP <c>WorkDoneProgressEnd</c>.</summary>
public sealed record WorkDoneProgressEnd(string? Message = null)
{
    /// <summary>Always "end".</summary>
    public string Kind => "end";
}

/// <summary>LSP <c>MessageType</c>.</summary>
public static class MessageType
{
    /// <summary>An error.</summary>
    public const int Error = 1;
    /// <summary>A warning.</summary>
    public const int Warning = 2;
    /// <summary>Information.</summary>
    public const int Info = 3;
    /// <summary>A log line.</summary>
    public const int Log = 4;
}

/// <summary>LSP <c>LogMessageParams</c> of <c>window/logMessage</c>.</summary>
public sealed record LogMessageParams(int Type, string Message);

/// <summary>window/showMessage params: a message the client shows the user (LSP 3.17 ShowMessageParams).</summary>
/// <param name="Type">A <see cref="MessageType"/> value.</param>
/// <param name="Message">The message, in plain words.</param>
public sealed record ShowMessageParams(int Type, string Message);

/// <summary>LSP error codes used here (JSON-RPC 2.0 and LSP 3.17 §"ErrorCodes").</summary>
public static class ErrorCodes
{
    /// <summary>The message was not valid JSON.</summary>
    public const int ParseError = -32700;
    /// <summary>The message was JSON but not a valid request.</summary>
    public const int InvalidRequest = -32600;
    /// <summary>A request arrived before <c>initialize</c>.</summary>
    public const int ServerNotInitialized = -32002;
    /// <summary>The parameters are wrong.</summary>
    public const int InvalidParams = -32602;
    /// <summary>The request failed inside the server.</summary>
    public const int RequestFailed = -32803;

    /// <summary>The content changed while the request was answered: the client may ask again (-32801).</summary>
    public const int ContentModified = -32801;
    /// <summary>The client cancelled the request.</summary>
    public const int RequestCancelled = -32800;
}

/// <summary>Shared serializer settings: camelCase names, nulls left out, every message type's contract generated at
/// build time (<see cref="LspJsonContext"/>): no reflection, so the server runs compiled ahead of time (Native AOT).</summary>
public static class LspJson
{
    /// <summary>The options every message is read and written with; a type missing from <see cref="LspJsonContext"/>
    /// throws <see cref="NotSupportedException"/> when serialized (the JIT-compiled build too, so tests catch it).</summary>
    public static JsonSerializerOptions Options { get; } = new(LspJsonContext.Default.Options);

    /// <summary>A value as a <see cref="JsonElement"/> (for command arguments and code lens data).</summary>
    /// <exception cref="NotSupportedException">T is not one of <see cref="LspJsonContext"/>'s types.</exception>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Contract<T>());

    /// <summary>A <see cref="JsonElement"/> read as T; null for a missing element or JSON null.</summary>
    /// <exception cref="JsonException">The element is not a T.</exception>
    /// <exception cref="NotSupportedException">T is not one of <see cref="LspJsonContext"/>'s types.</exception>
    public static T? FromElement<T>(JsonElement? element) where T : class =>
        element is { } e ? e.Deserialize(Contract<T>()) : null;

    private static JsonTypeInfo<T> Contract<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
