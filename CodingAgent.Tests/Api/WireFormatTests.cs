using System.Text.Json;
using System.Text.RegularExpressions;
using CodingAgent.Core.Runs;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Api.Wire;

namespace CodingAgent.Tests.Api;

/// <summary>The SSE contract: every run event's wire JSON has exactly the fields docs/api.md lists for it.</summary>
public sealed partial class WireFormatTests
{
    [GeneratedRegex(@"^\| `(?<name>[a-z_]+)` \| `(?<data>\{.*?\})` \|", RegexOptions.Multiline)]
    private static partial Regex EventRow();

    [GeneratedRegex(@"""(?<field>[a-zA-Z]+)""")]
    private static partial Regex Field();

    private static readonly Guid _id = Guid.Parse("11111111-2222-3333-4444-555555555555");

    /// <summary>One event of every kind Core publishes.</summary>
    public static TheoryData<AgentEvent> Events() => [.. All];

    private static readonly AgentEvent[] All =
    [
        new RunStartedEvent(_id, _id), new TextDeltaEvent("a"), new ThinkingEvent("b"), new NoticeEvent("c"), new CodeEvent(_id, "x = 1"),
        new StdoutEvent(_id, "out"), new StderrEvent(_id, "err"), new ArtifactEvent(_id, "chart", "fig", "application/json", _id),
        new StepErrorEvent(_id, "KeyError", "'a'", "tb"), new StepEndEvent(_id, true, 1.5, null), new KernelRestartedEvent("gone"),
        new FinalEvent("done"), new ErrorEvent("failed"), new DoneEvent("completed", new UsageInfo(1, 2)),
    ];

    private static Dictionary<string, HashSet<string>> Documented()
    {
        var section = File.ReadAllText(Path.Combine(Repository.Root, "docs", "api.md"));
        section = section[section.IndexOf("## Asking a question", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("Example:", StringComparison.Ordinal)];
        return EventRow().Matches(section).ToDictionary(m => m.Groups["name"].Value,
            m => Field().Matches(m.Groups["data"].Value).Select(f => f.Groups["field"].Value).ToHashSet());
    }

    private static HashSet<string> Fields(JsonElement element, string prefix = "")
    {
        var fields = new HashSet<string>();
        foreach (var property in element.EnumerateObject())
        {
            fields.Add(property.Name);
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                fields.UnionWith(Fields(property.Value, prefix + property.Name + "."));
            }
        }
        return fields;
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_events_wire_json_has_exactly_the_documented_fields(AgentEvent agentEvent)
    {
        var stored = new SequencedEvent(1, agentEvent.EventName, AgentEventJson.Serialize(agentEvent));

        using var wire = JsonDocument.Parse(WireEvents.Data(stored));

        var documented = Documented();
        Assert.True(documented.ContainsKey(agentEvent.EventName), $"docs/api.md does not list the `{agentEvent.EventName}` event");
        Assert.Equal(documented[agentEvent.EventName].Order(), Fields(wire.RootElement).Order());
    }

    [Fact]
    public void Every_documented_event_is_one_that_Core_publishes()
    {
        var published = All.Select(e => e.EventName).ToHashSet();

        Assert.Equal(published.Order(), Documented().Keys.Order());
    }

    [Fact]
    public void An_event_this_version_does_not_know_passes_through_as_stored()
    {
        var stored = new SequencedEvent(7, "from_a_newer_instance", """{"x":1}""");

        Assert.Equal("""{"x":1}""", WireEvents.Data(stored));
    }
}
