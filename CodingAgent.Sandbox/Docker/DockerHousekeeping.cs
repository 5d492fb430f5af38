using Docker.DotNet;
using Docker.DotNet.Models;

namespace CodingAgent.Sandbox.Docker;

/// <summary>What an instance does before its first container of a kind: the image must exist (it is never pulled), and containers of that kind a crash of the instance left are removed.</summary>
internal static class DockerHousekeeping
{
    /// <param name="missingImage">The message when <paramref name="image"/> does not exist: how to build it.</param>
    /// <param name="label">The label that marks this kind of container; its value is the instance name.</param>
    /// <param name="removing">Called with each leftover's id before it is removed (to log it).</param>
    public static async Task PrepareAsync(DockerClient client, string image, string missingImage, string label, string instanceName, Action<string> removing)
    {
        try
        {
            await client.Images.InspectImageAsync(image).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            throw new InvalidOperationException(missingImage);
        }
        var leftovers = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={instanceName}"] = true } },
        }).ConfigureAwait(false);
        foreach (var container in leftovers)
        {
            removing(container.ID);
            await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }).ConfigureAwait(false);
        }
    }
}
