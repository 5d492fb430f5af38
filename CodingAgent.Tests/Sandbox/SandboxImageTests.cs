using System.Diagnostics;

namespace CodingAgent.Tests.Sandbox;

/// <summary>The image the build script makes is also the one the default <c>Sandbox:DockerImage</c> names.</summary>
public sealed class SandboxImageTests
{
    private const string DefaultImage = "codingagent-sandbox:latest";

    [Fact]
    public async Task The_build_script_tags_its_image_as_the_default_codingagent_sandbox_latest()
    {
        var tag = SandboxImage.Build();

        Assert.Matches("^codingagent-sandbox:[0-9a-f]{12}$", tag);
        Assert.Equal(DefaultImage, new CodingAgent.Sandbox.SandboxOptions().DockerImage);
        Assert.Equal(await ImageIdAsync(tag), await ImageIdAsync(DefaultImage));
    }

    private static async Task<string> ImageIdAsync(string image)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "image", "inspect", "--format", "{{.Id}}", image })
        {
            start.ArgumentList.Add(arg);
        }
        using var docker = Process.Start(start)!;
        var id = await docker.StandardOutput.ReadToEndAsync();
        var error = await docker.StandardError.ReadToEndAsync();
        await docker.WaitForExitAsync();
        Assert.True(docker.ExitCode == 0, $"docker image inspect {image}: {error}");
        return id.Trim();
    }
}
