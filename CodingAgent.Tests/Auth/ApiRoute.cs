using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Auth;

/// <summary>One route of the app as its endpoint data source lists it: a method and a route pattern.</summary>
public sealed record ApiRoute(string Method, string Pattern, IReadOnlyList<string> Parameters)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>Every route of the app under <c>/api</c> and <c>/healthz</c>, one per method (a group's own path without its trailing slash).</summary>
    public static IReadOnlyList<ApiRoute> All(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/healthz", StringComparison.Ordinal)
                || raw.StartsWith("/signin", StringComparison.Ordinal) || raw.StartsWith("/signout", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new ApiRoute(m, e.RoutePattern.RawText!.TrimEnd('/'), [.. e.RoutePattern.Parameters.Select(p => p.Name)])))
            .Distinct()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal),
    ];

    /// <summary>The path with each <c>{parameter}</c> (and its constraints) replaced by <paramref name="value"/>'s answer.</summary>
    public string Fill(Func<string, string> value)
    {
        var path = Pattern;
        foreach (var name in Parameters)
        {
            var start = path.IndexOf("{" + name, StringComparison.Ordinal);
            var end = path.IndexOf('}', start);
            path = path[..start] + Uri.EscapeDataString(value(name)) + path[(end + 1)..];
        }
        return path;
    }
}
