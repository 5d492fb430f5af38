using System.Text.Json;
using CodingAgent.Core.Runs;

namespace CodingAgent.Web.Api;

/// <summary>Writes a run's events as <c>text/event-stream</c>: an <c>event:</c> name and one line of JSON <c>data:</c> each.</summary>
public static class ServerSentEvents
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync(HttpContext context, RunHandle run, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["X-Run-Id"] = run.RunId.ToString();
        await response.Body.FlushAsync(cancellationToken);

        await using var enumerator = run.SubscribeAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = enumerator.MoveNextAsync().AsTask();
        while (true)
        {
            // a comment line every 15 s keeps proxies from closing a quiet stream
            var finished = await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(15), cancellationToken));
            if (finished != next)
            {
                await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }
            if (!await next)
            {
                break;
            }
            var agentEvent = enumerator.Current;
            var data = JsonSerializer.Serialize(agentEvent, agentEvent.GetType(), _json);
            await response.WriteAsync($"event: {agentEvent.EventName}\ndata: {data}\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            next = enumerator.MoveNextAsync().AsTask();
        }
    }
}
