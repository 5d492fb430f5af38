using CodingAgent.Web.Auth;
using Microsoft.Extensions.Configuration;

namespace CodingAgent.Tests.Auth;

/// <summary>Which listen addresses count as the network for Auth:Mode None, and where the configuration asks for them.</summary>
public sealed class ListenAddressesTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", true)]
    [InlineData("http://[::]:8080", true)]
    [InlineData("http://*:8080", true)]
    [InlineData("http://+:8080", true)]
    [InlineData("https://10.1.2.3:443", true)]
    [InlineData("http://[fe80::1]:80", true)]
    [InlineData("http://analytics.intranet.example:80", true)]
    [InlineData("http://127.0.0.1:5000", false)]
    [InlineData("http://127.0.0.2:5000", false)]
    [InlineData("http://[::1]:5000", false)]
    [InlineData("http://localhost:5000", false)]
    [InlineData("http://LOCALHOST:5000", false)]
    [InlineData("http://unix:/run/codingagent.sock", false)]
    public void An_address_is_network_unless_it_is_loopback_localhost_or_a_socket(string address, bool network)
    {
        Assert.Equal(network, ListenAddresses.IsNetwork(address));
    }

    [Fact]
    public void The_configuration_asks_for_its_urls_and_every_Kestrel_endpoint()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5000; http://0.0.0.0:5001",
            ["http_ports"] = "8080",
            ["Kestrel:Endpoints:Public:Url"] = "https://*:5443",
            ["Kestrel:Endpoints:Socket:Url"] = "http://unix:/run/x.sock",
        }).Build();

        // urls win over http_ports, as in Kestrel
        Assert.Equal(["http://127.0.0.1:5000", "http://0.0.0.0:5001", "https://*:5443", "http://unix:/run/x.sock"], ListenAddresses.Configured(configuration));
    }

    [Fact]
    public void Ports_without_urls_listen_on_every_interface()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["http_ports"] = "8080;8081", ["https_ports"] = "8443" }).Build();

        var addresses = ListenAddresses.Configured(configuration).ToList();

        Assert.Equal(["http://*:8080", "http://*:8081", "https://*:8443"], addresses);
        Assert.All(addresses, a => Assert.True(ListenAddresses.IsNetwork(a)));
    }
}
