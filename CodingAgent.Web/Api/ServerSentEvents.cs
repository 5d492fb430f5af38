using CodingAgent.Core.Runs;
using Microsoft.Extensions.Primitives;

namespace CodingAgent.Web.Api;

/// <summary>
/// Writes a run's events as <c>text/event-stream</c>: an <c>id:</c> (the event's sequence number in the run), an
/// <c>event:</c> name and one line of JSON <c>data:</c> each. A client that reconnects with <c>Last-Event-ID</c> gets
/// the events after that one.
/// </summary>
public static class ServerSentEvents
{
    private static readonly TimeSpan _keepAlive = TimeSpan.FromSeconds(15);

    /// <summary>The sequence number to resume after: the <c>Last-Event-ID</c> header, else the <c>lastEventId</c> query parameter, else 0.</summary>
    public static bool TryGetLastEventId(HttpRequest request, out long lastEventId)
    {
        var value = request.Headers["Last-Event-ID"] is { Count: > 0 } header ? header : request.Query["lastEventId"];
        lastEventId = 0;
        return StringValues.IsNullOrEmpty(value) || (long.TryParse(value.ToString(), out lastEventId) && lastEventId >= 0);
    }

    public static async Task StreamAsync(HttpContext context, Guid runId, IAsyncEnumerable<SequencedEvent> events, CancellationToken cancellationToken)
    {
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        var next = enumerator.MoveNextAsync().AsTask();
        // a store or bus that cannot be reached fails here, before the response starts, so it becomes a problem response
        await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
        if (next.IsFaulted)
        {
            await next;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["X-Run-Id"] = runId.ToString();
        await response.Body.FlushAsync(cancellationToken);

        while (true)
        {
            // a comment line every 15 s keeps proxies from closing a quiet stream
            var finished = await Task.WhenAny(next, Task.Delay(_keepAlive, cancellationToken));
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
            var e = enumerator.Current;
            await response.WriteAsync($"id: {e.Sequence}\nevent: {e.Name}\ndata: {Wire.WireEvents.Data(e)}\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            next = enumerator.MoveNextAsync().AsTask();
        }
    }
}
