using CodingAgent.Core.Ports;

namespace CodingAgent.Sandbox;

/// <summary>Turns a failed kernel start into a readiness problem that says what failed and which settings to check.</summary>
internal static class KernelStartFailure
{
    public static SandboxHealth Describe(SandboxOptions options, string launcher, Exception exception)
    {
        var remedy = options.Provider == SandboxOptions.DockerProvider
            ? $"Check that the Docker engine ({(string.IsNullOrWhiteSpace(options.DockerHost) ? "DOCKER_HOST, else the local socket" : options.DockerHost)}) " +
              $"is reachable by the app's user and that Sandbox:DockerImage ({options.DockerImage}) exists: scripts/build-sandbox-image.sh builds it."
            : $"Check that Sandbox:PythonPath ({options.PythonPath}) is a Python 3 with pandas and Sandbox:BubblewrapPath ({options.BubblewrapPath}) is bubblewrap, and " +
              (Environment.UserName == "root"
                  ? "that /usr/bin/setpriv exists (util-linux): each kernel drops to its own unprivileged uid with it."
                  : $"that bubblewrap may create user namespaces for the app's user {Environment.UserName} " +
                    "(sysctl kernel.unprivileged_userns_clone=1, and kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu).");
        return SandboxHealth.NotReady($"The {launcher} sandbox could not start a Python kernel: {exception.Message.TrimEnd('.', ' ')}. {remedy}");
    }
}
