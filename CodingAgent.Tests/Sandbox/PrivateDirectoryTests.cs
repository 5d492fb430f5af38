using System.Diagnostics;
using CodingAgent.Sandbox;

namespace CodingAgent.Tests.Sandbox;

/// <summary>The app's runtime files and uid locks never live at a name somebody else could have created first.</summary>
public sealed class PrivateDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("codingagent-private-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_new_runtime_directory_is_created_private()
    {
        var path = PrivateDirectory.Ensure(Path.Combine(_root, "runtime"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_directory_planted_by_another_user_is_refused()
    {
        var planted = Directory.CreateDirectory(Path.Combine(_root, "planted"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        Chown(planted, 65534);

        var error = Assert.Throws<InvalidOperationException>(() => PrivateDirectory.Ensure(planted));

        Assert.Contains("belongs to uid 65534", error.Message);
    }

    [Fact]
    public void A_link_at_the_name_is_refused_not_followed()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var link = Path.Combine(_root, "link");
        File.CreateSymbolicLink(link, elsewhere);

        var error = Assert.Throws<InvalidOperationException>(() => PrivateDirectory.Ensure(link));

        Assert.Contains("link", error.Message);
    }

    [Fact]
    public void A_directory_others_may_enter_is_refused_with_the_fix()
    {
        var open = Directory.CreateDirectory(Path.Combine(_root, "open")).FullName;
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.OtherWrite);

        var error = Assert.Throws<InvalidOperationException>(() => PrivateDirectory.Ensure(open));

        Assert.Contains("chmod 700", error.Message);
    }

    [Fact]
    public void The_extracted_kernel_lives_in_the_private_runtime_directory_not_in_tmp()
    {
        var runtime = Path.Combine(_root, "data", "runtime");
        var options = Microsoft.Extensions.Options.Options.Create(new SandboxOptions { WorkspaceRoot = Path.Combine(_root, "data", "workspaces"), RuntimeDirectory = runtime, WarmKernels = 0 });

        _ = new SandboxPool(new CodingAgent.Sandbox.Process.BubblewrapLauncher(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<CodingAgent.Sandbox.Process.BubblewrapLauncher>.Instance),
            options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SandboxPool>.Instance);

        Assert.Single(Directory.GetFiles(runtime, "kernel.py", SearchOption.AllDirectories));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(runtime));
    }

    [Fact]
    public void A_file_is_written_whole_and_readable_by_the_owner_only()
    {
        var directory = PrivateDirectory.Ensure(Path.Combine(_root, "runtime"));

        PrivateDirectory.WriteFile(directory, "seccomp.bpf", [1, 2, 3]);
        var path = PrivateDirectory.WriteFile(directory, "seccomp.bpf", [4, 5]);

        Assert.Equal([4, 5], File.ReadAllBytes(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["seccomp.bpf"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    private static void Chown(string path, int uid)
    {
        using var chown = Process.Start("chown", $"{uid}:{uid} {path}");
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
