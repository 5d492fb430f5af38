using System.Net;

namespace CodingAgent.Web.Auth;

/// <summary>Which of the addresses the app listens on reach beyond this machine.</summary>
public static class ListenAddresses
{
    /// <summary>
    /// True for an address other hosts can reach: <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>, a non-loopback IP or
    /// any host name but <c>localhost</c>. Loopback IPs, <c>localhost</c> and Unix sockets are local.
    /// </summary>
    public static bool IsNetwork(string address)
    {
        var binding = BindingAddress.Parse(address.Trim());
        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return false;
        }
        var host = binding.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return !IPAddress.TryParse(host, out var ip) || !IPAddress.IsLoopback(ip);
    }

    /// <summary>
    /// The addresses the configuration asks Kestrel for before it binds: <c>urls</c> (also <c>ASPNETCORE_URLS</c> and
    /// <c>--urls</c>), else <c>http_ports</c>/<c>https_ports</c> (all interfaces), and every <c>Kestrel:Endpoints:*:Url</c>.
    /// </summary>
    public static IEnumerable<string> Configured(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return url;
            }
        }
        else
        {
            foreach (var (key, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
            {
                foreach (var port in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    yield return $"{scheme}://*:{port}";
                }
            }
        }
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }
}
