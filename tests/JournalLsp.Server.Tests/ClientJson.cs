using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Tests;

/// <summary>
/// What the tests' clients send and read with: the server's <see cref="LspJson.Options"/> (its generated contracts) and
/// reflection after them, for the anonymous objects and raw shapes a test sends that no server type describes. The
/// server itself has no reflection fallback, so a message type missing from its contracts still fails a test.
/// </summary>
internal static class ClientJson
{
    public static JsonSerializerOptions Options { get; } = new(LspJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(LspJson.Options.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };
}
