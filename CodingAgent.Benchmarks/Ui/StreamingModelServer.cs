using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Benchmarks.Ui;

/// <summary>
/// An OpenAI-compatible chat completions endpoint on 127.0.0.1 that answers a question containing <see cref="Marker"/>
/// by streaming numbered tokens (<c>" {round}t0001"</c>, …) at a fixed pace, and records when each token was written
/// and flushed to the socket (Unix epoch milliseconds, this machine's clock). Anything else gets a one-word answer.
/// </summary>
public sealed class StreamingModelServer : IAsyncDisposable
{
    public const string ApiKey = "sk-benchmark-0123456789";
    public const string Marker = "benchmark-stream";

    private readonly WebApplication _app;
    private Round? _round;

    private StreamingModelServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<StreamingModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new StreamingModelServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>The next marked question streams <paramref name="tokens"/> tokens named <c>{prefix}tNNNN</c>, <paramref name="interval"/> apart; the task gives their send times.</summary>
    public Task<double[]> ExpectRound(string prefix, int tokens, TimeSpan interval)
    {
        var round = new Round(prefix, tokens, interval);
        _round = round;
        return round.Sent.Task;
    }

    public static string Token(string prefix, int index) => $"{prefix}t{index:0000}";

    public static double NowUnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private async Task HandleAsync(HttpContext context)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        var lastUser = body["messages"]!.AsArray().LastOrDefault(m => (string?)m!["role"] == "user")?["content"]?.ToJsonString() ?? "";
        var round = lastUser.Contains(Marker, StringComparison.Ordinal) ? Interlocked.Exchange(ref _round, null) : null;
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "bench",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = "benchmark",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "ok" }, ["finish_reason"] = "stop" }),
            });
            return;
        }
        context.Response.ContentType = "text/event-stream";
        await SendAsync(context, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        if (round is null)
        {
            await SendAsync(context, new JsonObject { ["content"] = "ok" }, null);
        }
        else
        {
            var sent = new double[round.Tokens];
            for (var i = 0; i < round.Tokens; i++)
            {
                await SendAsync(context, new JsonObject { ["content"] = " " + Token(round.Prefix, i + 1) }, null);
                sent[i] = NowUnixMs();
                await Task.Delay(round.Interval, context.RequestAborted);
            }
            round.Sent.TrySetResult(sent);
        }
        await SendAsync(context, [], "stop");
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task SendAsync(HttpContext context, JsonObject delta, string? finish)
    {
        var chunk = new JsonObject
        {
            ["id"] = "bench",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "benchmark",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        await context.Response.WriteAsync("data: " + chunk.ToJsonString(JsonSerializerOptions.Default) + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Round(string Prefix, int Tokens, TimeSpan Interval)
    {
        public TaskCompletionSource<double[]> Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
