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

/// <summary>Answers with this HTTP status (and <c>Retry-After</c> when given: seconds or an HTTP-date) and an error body.</summary>
public sealed record FailTurn(int Status, string? RetryAfter = null) : ModelTurn
{
    /// <summary>The failure in a body both OpenAI's and Anthropic's clients read.</summary>
    internal async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        if (RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = RetryAfter;
        }
        await context.Response.WriteAsJsonAsync(new { type = "error", error = new { type = "scripted_error", message = $"scripted failure {Status}" } });
    }
}

/// <summary>One HTTP request a scripted server received: where, which model, and how it authenticated.</summary>
public sealed record ReceivedRequest(string Path, string Query, string? Model, string? Authorization, string? ApiKeyHeader);

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 (real HTTP, SSE streaming, tool calls, usage),
/// playing scripts: a request is matched to the script whose marker appears in its latest user message (else an
/// earlier one), and gets
/// that script's next turn.
/// </summary>
public sealed class ScriptedOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-scripted-key-0123456789";
    private readonly ScriptBook _scripts = new();
    private readonly WebApplication _app;
    private readonly string _apiKey;

    private ScriptedOpenAiServer(WebApplication app, string apiKey)
    {
        _app = app;
        _apiKey = apiKey;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request body received, in order.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>Every request received (with a valid key), in order: path, model and credentials.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>
    /// Starts the server; it accepts <paramref name="apiKey"/> as a bearer token on <c>/v1/chat/completions</c> and as
    /// Azure's <c>api-key</c> header on <c>/openai/deployments/{deployment}/chat/completions?api-version=…</c>.
    /// </summary>
    public static async Task<ScriptedOpenAiServer> StartAsync(string apiKey = ApiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedOpenAiServer(app, apiKey);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>Requests whose user messages contain <paramref name="marker"/> get these turns in order.</summary>
    public Script Play(string marker, params ModelTurn[] turns) => _scripts.Play(marker, turns);

    private async Task HandleAsync(HttpContext context)
    {
        var azure = context.Request.Path.StartsWithSegments("/openai", StringComparison.Ordinal);
        var authorized = azure
            ? context.Request.Headers["api-key"].ToString() == _apiKey && context.Request.Query.ContainsKey("api-version")
            : context.Request.Headers.Authorization.ToString() == "Bearer " + _apiKey;
        if (!authorized)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "bad key", type = "invalid_request_error" } });
            return;
        }
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        Requests.Enqueue(body);
        Received.Enqueue(new ReceivedRequest(context.Request.Path, context.Request.QueryString.Value ?? "", (string?)body["model"],
            context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers["api-key"].FirstOrDefault()));
        var (script, turn) = _scripts.Next(body);
        if (turn is FailTurn fail)
        {
            await fail.WriteAsync(context);
            return;
        }
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
