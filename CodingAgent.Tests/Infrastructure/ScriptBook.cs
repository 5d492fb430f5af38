using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>The scripts of a scripted model server, and which one answers a request.</summary>
public sealed class ScriptBook
{
    private readonly ConcurrentDictionary<string, ScriptedOpenAiServer.Script> _scripts = new();

    public ScriptedOpenAiServer.Script Play(string marker, IReadOnlyList<ModelTurn> turns)
    {
        var script = new ScriptedOpenAiServer.Script(marker, turns);
        _scripts[marker] = script;
        return script;
    }

    /// <summary>
    /// The script whose marker is in the request's latest user message (earlier ones, the history, only when it names
    /// none) and its next turn, recorded; with no script or no turn left, a text saying so.
    /// </summary>
    public (ScriptedOpenAiServer.Script? Script, ModelTurn Turn) Next(JsonObject body)
    {
        var userTexts = body["messages"]!.AsArray()
            .Where(m => (string?)m!["role"] == "user")
            .Select(m => (m!["content"] is JsonValue v ? (string?)v : m["content"]?.ToJsonString()) ?? "")
            .Reverse();
        var script = userTexts
            .Select(text => _scripts.Values.FirstOrDefault(s => text.Contains(s.Marker, StringComparison.Ordinal)))
            .FirstOrDefault(s => s is not null);
        var turn = script?.Next() ?? new TextTurn("(the scripted model has no turn left for this request)");
        script?.Record(body);
        return (script, turn);
    }
}
