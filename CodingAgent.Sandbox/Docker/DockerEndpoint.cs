using CodingAgent.Core.Configuration;
using Docker.DotNet;

namespace CodingAgent.Sandbox.Docker;

/// <summary>The Docker engine the sandbox talks to: <c>Sandbox:DockerHost</c>, else DOCKER_HOST, else the local socket.</summary>
internal static class DockerEndpoint
{
    public static DockerClient CreateClient(SandboxOptions options)
    {
        var endpoint = Settings.FirstNonBlank(options.DockerHost, Environment.GetEnvironmentVariable("DOCKER_HOST"))
            ?? "unix:///var/run/docker.sock";
        return new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
    }
}
