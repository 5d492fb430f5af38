using CodingAgent.Tests.Sandbox;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>The app of <see cref="AppFixture"/> on the Docker backend (Sandbox:Provider=Docker).</summary>
public sealed class DockerAppFixture : AppFixture
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Sandbox:Provider"] = "Docker",
        ["Sandbox:DockerImage"] = SandboxImage.Tag.Value,
        ["Sandbox:InstanceName"] = "e2e-" + Guid.NewGuid().ToString("N")[..8],
    };

    protected override IReadOnlyDictionary<string, string?> Settings => _settings;
}
