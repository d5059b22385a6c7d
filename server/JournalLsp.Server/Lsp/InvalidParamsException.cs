using JournalLsp.Indexing;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// Params the server cannot use, with a message for the person; the protocol layer (<see cref="LspTarget"/>) answers
/// it as InvalidParams (-32602). Handlers throw this and <see cref="JournalException"/> (RequestFailed, -32803), never
/// RPC exceptions.
/// </summary>
internal sealed class InvalidParamsException(string message) : Exception(message);
