using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>What the scripted model answers to one request.</summary>
public abstract record ModelTurn;

/// <summary>Streams text (in small chunks) and stops; <paramref name="Reasoning"/> streams first as <c>reasoning_content</c>.</summary>
public sealed record TextTurn(string Text, string? Reasoning = null) : ModelTurn;

/// <summary>Calls run_python with this code.</summary>
public sealed record ToolCallTurn(string Code, string? Preamble = null) : ModelTurn;

/// <summary>Calls run_python with these raw arguments (e.g. JSON that does not parse).</summary>
public sealed record RawToolCallTurn(string Arguments, string Name = "run_python") : ModelTurn;

/// <summary>Streams text and stops with <c>finish_reason: length</c>, as at the output token limit.</summary>
public sealed record CutOffTurn(string Text) : ModelTurn;

/// <summary>Waits (without answering) until the request is aborted; for cancellation tests.</summary>
public sealed record HangTurn : ModelTurn;

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 (real HTTP, SSE streaming, tool calls, usage),
/// playing scripts: a request is matched to the script whose marker appears in its latest user message (else an
/// earlier one), and gets
/// that script's next turn.
/// </summary>
public sealed class ScriptedOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-scripted-key-0123456789";
    private readonly ConcurrentDictionary<string, Script> _scripts = new();
    private readonly WebApplication _app;

    private ScriptedOpenAiServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request body received, in order.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public static async Task<ScriptedOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>Requests whose user messages contain <paramref name="marker"/> get these turns in order.</summary>
    public Script Play(string marker, params ModelTurn[] turns)
    {
        var script = new Script(marker, turns);
        _scripts[marker] = script;
        return script;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "bad key", type = "invalid_request_error" } });
            return;
        }
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        Requests.Enqueue(body);
        // the latest question decides; earlier ones (history) only when it names no script
        var userTexts = body["messages"]!.AsArray()
            .Where(m => (string?)m!["role"] == "user")
            .Select(m => (m!["content"] is JsonValue v ? (string?)v : m["content"]?.ToJsonString()) ?? "")
            .Reverse();
        var script = userTexts
            .Select(text => _scripts.Values.FirstOrDefault(s => text.Contains(s.Marker, StringComparison.Ordinal)))
            .FirstOrDefault(s => s is not null);
        var turn = script?.Next() ?? new TextTurn("(the scripted model has no turn left for this request)");
        script?.Record(body);
        var stream = body["stream"]?.GetValue<bool>() ?? false;
        if (!stream)
        {
            await context.Response.WriteAsJsonAsync(Completion(turn));
            return;
        }
        context.Response.ContentType = "text/event-stream";
        if (turn is HangTurn)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        foreach (var chunk in Chunks(turn))
        {
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await context.Response.Body.FlushAsync();
        }
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static IEnumerable<JsonObject> Chunks(ModelTurn turn)
    {
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-scripted",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        switch (turn)
        {
            case TextTurn text:
                foreach (var piece in Split(text.Reasoning ?? "", 12))
                {
                    yield return Chunk(new JsonObject { ["reasoning_content"] = piece }, null);
                }
                foreach (var piece in Split(text.Text, 12))
                {
                    yield return Chunk(new JsonObject { ["content"] = piece }, null);
                }
                yield return Chunk([], "stop");
                break;
            case CutOffTurn cut:
                foreach (var piece in Split(cut.Text, 12))
                {
                    yield return Chunk(new JsonObject { ["content"] = piece }, null);
                }
                yield return Chunk([], "length");
                break;
            case RawToolCallTurn raw:
                yield return Chunk(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["id"] = "call_" + Guid.NewGuid().ToString("N")[..12],
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = raw.Name, ["arguments"] = raw.Arguments },
                    }),
                }, null);
                yield return Chunk([], "tool_calls");
                break;
            case ToolCallTurn call:
                if (call.Preamble is { } preamble)
                {
                    yield return Chunk(new JsonObject { ["content"] = preamble }, null);
                }
                var id = "call_" + Guid.NewGuid().ToString("N")[..12];
                yield return Chunk(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["id"] = id,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = "run_python", ["arguments"] = "" },
                    }),
                }, null);
                foreach (var piece in Split(JsonSerializer.Serialize(new { code = call.Code }), 40))
                {
                    yield return Chunk(new JsonObject
                    {
                        ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }),
                    }, null);
                }
                yield return Chunk([], "tool_calls");
                break;
        }
        yield return new JsonObject
        {
            ["id"] = "chatcmpl-scripted",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
    }

    private static JsonObject Completion(ModelTurn turn)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        var finish = "stop";
        if (turn is TextTurn text)
        {
            message["content"] = text.Text;
        }
        else if (turn is ToolCallTurn call)
        {
            finish = "tool_calls";
            message["content"] = call.Preamble;
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "call_" + Guid.NewGuid().ToString("N")[..12],
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "run_python", ["arguments"] = JsonSerializer.Serialize(new { code = call.Code }) },
            });
        }
        return new JsonObject
        {
            ["id"] = "chatcmpl-scripted",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = "scripted",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
    }

    private static IEnumerable<string> Split(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class Script(string marker, IReadOnlyList<ModelTurn> turns)
    {
        private int _next;
        private readonly ConcurrentQueue<JsonObject> _requests = new();

        public string Marker { get; } = marker;

        /// <summary>The requests this script answered, in order.</summary>
        public IReadOnlyList<JsonObject> Requests => [.. _requests];

        internal ModelTurn? Next()
        {
            var index = Interlocked.Increment(ref _next) - 1;
            return index < turns.Count ? turns[index] : null;
        }

        internal void Record(JsonObject request) => _requests.Enqueue(request);
    }
}
