using System.Text.Json;
using JournalLsp.Server.Lsp;

namespace JournalLsp.Server.Tests;

public class ServerSettingsTests
{
    private static ServerSettings With(string json) => ServerSettings.Default.With(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Threads_are_taken_between_one_and_the_cores_and_left_to_every_core_otherwise()
    {
        Assert.Null(ServerSettings.Default.Threads);
        Assert.Equal(1, With("""{"threads": 1}""").Threads);
        Assert.Equal(1, With("""{"journal": {"threads": 1}}""").Threads);
        Assert.Null(With("""{"threads": 0}""").Threads);          // the extension's "every core"
        Assert.Null(With($$"""{"threads": {{Environment.ProcessorCount + 1}}}""").Threads);
        Assert.Null(With("""{"threads": "2"}""").Threads);
    }

    [Fact]
    public void The_model_is_the_machines_default_unless_a_shipped_one_is_named()
    {
        Assert.Null(ServerSettings.Default.Model);
        Assert.Equal("all-MiniLM-L6-v2", With("""{"model": " All-MiniLM-L6-v2 "}""").Model);
        Assert.Equal("all-MiniLM-L6-v2-int8", With("""{"model": "all-MiniLM-L6-v2-int8"}""").Model);
        Assert.Null(With("""{"model": "bge-small"}""").Model);
        Assert.Null(With("""{"model": ""}""").Model);
    }
}
