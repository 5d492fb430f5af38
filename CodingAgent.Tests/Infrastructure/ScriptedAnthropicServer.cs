using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// An Anthropic Messages API server on 127.0.0.1 (real HTTP, <c>POST /v1/messages</c> streamed as SSE:
/// <c>message_start</c>, text and <c>tool_use</c> content blocks with their deltas, <c>message_delta</c> with the stop
/// reason and usage, <c>message_stop</c>), playing the same scripts as <see cref="ScriptedOpenAiServer"/>.
/// </summary>
public sealed class ScriptedAnthropicServer : IAsyncDisposable
{
    public const string ApiKey = "sk-ant-test-scripted-key-9876543210";
    private readonly ScriptBook _scripts = new();
    private readonly WebApplication _app;

    private ScriptedAnthropicServer(WebApplication app) => _app = app;

    /// <summary>The base URL (the SDK adds <c>/v1/messages</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received with the right key, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<ScriptedAnthropicServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedAnthropicServer(app);
        app.MapPost("/v1/messages", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public ScriptedOpenAiServer.Script Play(string marker, params ModelTurn[] turns) => _scripts.Play(marker, turns);

    private async Task HandleAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers["x-api-key"].ToString() != ApiKey && headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { type = "error", error = new { type = "authentication_error", message = "invalid x-api-key" } });
            return;
        }
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        Received.Enqueue(new ReceivedRequest(context.Request.Path, context.Request.QueryString.Value ?? "", (string?)body["model"],
            headers.Authorization.FirstOrDefault(), headers["x-api-key"].FirstOrDefault()));
        var (_, turn) = _scripts.Next(body);
        if (turn is FailTurn fail)
        {
            await fail.WriteAsync(context);
            return;
        }
        if (!(body["stream"]?.GetValue<bool>() ?? false))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { type = "error", error = new { type = "invalid_request_error", message = "the scripted server only streams" } });
            return;
        }
        context.Response.ContentType = "text/event-stream";
        if (turn is HangTurn)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        foreach (var (name, data) in Events(turn, (string?)body["model"] ?? "scripted"))
        {
            await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }
    }

    private static IEnumerable<(string Name, JsonObject Data)> Events(ModelTurn turn, string model)
    {
        yield return ("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_scripted",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = 100, ["output_tokens"] = 1 },
            },
        });
        var index = 0;
        if (turn is TextTurn { Reasoning: { } reasoning })
        {
            yield return ("content_block_start", Block(index, new JsonObject { ["type"] = "thinking", ["thinking"] = "" }));
            for (var i = 0; i < reasoning.Length; i += 12)
            {
                yield return ("content_block_delta", Delta(index, new JsonObject { ["type"] = "thinking_delta", ["thinking"] = reasoning.Substring(i, Math.Min(12, reasoning.Length - i)) }));
            }
            yield return ("content_block_delta", Delta(index, new JsonObject { ["type"] = "signature_delta", ["signature"] = "c2lnbmF0dXJl" }));
            yield return ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index++ });
        }
        var text = turn switch
        {
            TextTurn t => t.Text,
            ToolCallTurn call => call.Preamble,
            _ => null,
        };
        if (text is not null)
        {
            yield return ("content_block_start", Block(index, new JsonObject { ["type"] = "text", ["text"] = "" }));
            for (var i = 0; i < text.Length; i += 12)
            {
                yield return ("content_block_delta", Delta(index, new JsonObject { ["type"] = "text_delta", ["text"] = text.Substring(i, Math.Min(12, text.Length - i)) }));
            }
            yield return ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index++ });
        }
        if (turn is ToolCallTurn tool)
        {
            var id = "toolu_" + Guid.NewGuid().ToString("N")[..12];
            yield return ("content_block_start", Block(index, new JsonObject { ["type"] = "tool_use", ["id"] = id, ["name"] = "run_python", ["input"] = new JsonObject() }));
            var input = JsonSerializer.Serialize(new { code = tool.Code });
            for (var i = 0; i < input.Length; i += 40)
            {
                yield return ("content_block_delta", Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = input.Substring(i, Math.Min(40, input.Length - i)) }));
            }
            yield return ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
        }
        yield return ("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = turn is ToolCallTurn ? "tool_use" : "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 20 },
        });
        yield return ("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static JsonObject Block(int index, JsonObject block) => new() { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block };

    private static JsonObject Delta(int index, JsonObject delta) => new() { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
