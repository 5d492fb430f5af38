using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>
/// What a file parser can reach when it runs in the confined profiler: a test-double worker under the very
/// confinement the real CodingAgent.Profiler gets looks around and reports what it saw in its profile's notes.
/// </summary>
public sealed class ProfilerConfinementTests : ProfilerTests
{
    [Fact]
    public async Task The_worker_has_no_network_but_loopback()
    {
        var profiler = Harness.Create("""
            import socket
            interfaces = sorted(line.split(":")[0].strip() for line in open("/proc/net/dev").read().splitlines()[2:])
            routes = open("/proc/net/route").read().splitlines()[1:]
            try:
                socket.getaddrinfo("example.com", 443)
                resolved = "yes"
            except OSError:
                resolved = "no"
            """ + "\n" + ProfilerHarness.EmitNotes("['interfaces=' + ','.join(interfaces), 'routes=' + str(len(routes)), 'resolved=' + resolved]"));

        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None));

        Assert.Equal("lo", notes["interfaces"]);
        Assert.Equal("0", notes["routes"]);
        Assert.Equal("no", notes["resolved"]);
    }

    [Fact]
    public async Task The_worker_sees_neither_the_data_folder_nor_other_files_nor_the_apps_environment()
    {
        var profiler = Harness.Create($$"""
            import os, sys
            seen = []
            for path in [{{Quote(Harness.DataFolder)}}, {{Quote(Harness.OtherSessionFile)}}, {{Quote(Harness.InputPath)}}, {{Quote(Harness.Sandbox.WorkspaceRoot)}}, {{Quote(Harness.Root)}}]:
                if os.path.exists(path):
                    seen.append(path)
            environ = []
            for pid in [d for d in os.listdir("/proc") if d.isdigit()]:
                try:
                    environ.append(open(f"/proc/{pid}/environ", "rb").read().decode("utf-8", "replace"))
                except OSError:
                    pass
            everything = "\n".join(environ) + "\n".join(f"{k}={v}" for k, v in os.environ.items())
            """ + "\n" + ProfilerHarness.EmitNotes(
            "['seen=' + ';'.join(seen), 'input=' + ';'.join(os.listdir('/input')), 'root=' + ';'.join(sorted(os.listdir('/'))), " +
            "'opt=' + ';'.join(os.listdir('/opt')), 'env=' + ';'.join(sorted(os.environ)), 'everything=' + everything.replace('\\n', ' ').replace('\\0', ' '), " +
            "'argv=' + ' '.join(sys.argv[1:])]"));

        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "sales 2024.csv", null, CancellationToken.None));

        Assert.Equal("", notes["seen"]);
        Assert.Equal("sales 2024.csv", notes["input"]);
        Assert.Equal("bin;dev;etc;input;lib;lib64;opt;proc;sbin;tmp;usr", string.Join(';', notes["root"].Split(';').Where(n => n != "lib32")));
        Assert.Equal("profiler", notes["opt"]);
        Assert.DoesNotContain("CODINGAGENT_FAKE_SECRET", notes["env"], StringComparison.Ordinal);
        Assert.DoesNotContain(SandboxFixture.FakeSecret, notes["everything"], StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.OtherSessionSecret, notes["everything"], StringComparison.Ordinal);
        // what .NET needs, and PWD (set by bubblewrap's --chdir)
        Assert.Equal(
            "DOTNET_CLI_TELEMETRY_OPTOUT;DOTNET_EnableDiagnostics;DOTNET_GCHeapHardLimit;DOTNET_NOLOGO;DOTNET_ROOT;DOTNET_SYSTEM_GLOBALIZATION_INVARIANT;DOTNET_gcServer;HOME;LANG;PATH;PWD;TMPDIR",
            notes["env"]);
        Assert.Equal("/input/sales 2024.csv sales 2024.csv --memory-mb 256 --threads 2 --scratch /tmp", notes["argv"]);
    }

    [Theory]
    [InlineData("600")]
    [InlineData("644")]
    public async Task The_filesystem_is_read_only_but_for_a_size_limited_tmp_and_the_input_is_readable(string mode)
    {
        File.SetUnixFileMode(Harness.InputPath, (UnixFileMode)Convert.ToInt32(mode, 8));
        var profiler = Harness.Create("""
            import os, sys
            def writable(folder):
                try:
                    with open(os.path.join(folder, "probe"), "w") as f:
                        f.write("x")
                    return "yes"
                except OSError:
                    return "no"
            folders = ["/", "/input", "/opt/profiler", "/usr", "/etc", "/dev", "/proc", "/tmp"]
            results = [f"{folder}:{writable(folder)}" for folder in folders]
            # the scratch space is a tmpfs of its own size: filling it stops at the limit
            written = 0
            try:
                with open("/tmp/fill", "wb") as f:
                    while written < 200 * 1024 * 1024:
                        f.write(b"x" * 1024 * 1024)
                        f.flush()
                        written += 1024 * 1024
            except OSError:
                pass
            os.remove("/tmp/fill")
            content = open(sys.argv[1]).read()
            """ + "\n" + ProfilerHarness.EmitNotes("['writable=' + ' '.join(results), 'scratch_mb=' + str(written // (1024 * 1024)), 'content=' + content, 'uid=' + str(os.getuid()), 'mode=' + oct(os.stat(sys.argv[1]).st_mode & 0o777)[2:], 'inode=' + str(os.stat(sys.argv[1]).st_ino)]"),
            o => o.ScratchSizeMb = 8);

        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None));

        Assert.Equal("/:no /input:no /opt/profiler:no /usr:no /etc:no /dev:no /proc:no /tmp:yes", notes["writable"]);
        Assert.InRange(int.Parse(notes["scratch_mb"], System.Globalization.CultureInfo.InvariantCulture), 6, 8);
        Assert.Equal(ProfilerHarness.InputContent, notes["content"]);
        // the app's tests run as root, as the app does in production: the worker runs as a uid of its own, and a
        // 0600 input is readable to it through an ACL for that uid alone while it runs (the group bits show the ACL's
        // mask); a file others may read already is bound as it is, and so is every file when the app is not root.
        // Either way the worker reads the upload itself, no copy
        Assert.Equal(Environment.IsPrivilegedProcess, profiler.AssignsUids);
        Assert.Equal(Environment.IsPrivilegedProcess, notes["uid"] != "0");
        Assert.Equal(Environment.IsPrivilegedProcess && mode == "600" ? "640" : mode, notes["mode"]);
        Assert.Equal(HostSecret.Stat(Harness.InputPath, "%i"), notes["inode"]);
        // the grant went with the worker (which ends after its profile is returned), and nothing was copied
        await profiler.EndedAsync();
        Assert.EndsWith(":" + mode, HostSecret.Stat(Harness.InputPath), StringComparison.Ordinal);
        Assert.False(ProfilerHarness.HasAccessAcl(Harness.InputPath));
        var copies = Path.Combine(Harness.Sandbox.RuntimeDirectory, "profiling");
        Assert.Empty(Directory.Exists(copies) ? Directory.EnumerateFiles(copies, "*", SearchOption.AllDirectories) : []);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("--memory-mb", "_-memory-mb")]
    [InlineData("line\nbreak.csv", "line_break.csv")]
    [InlineData(".hidden.csv", "_hidden.csv")]
    [InlineData("..", "input")]
    public async Task A_hostile_file_name_reaches_the_worker_only_as_a_plain_name(string fileName, string expected)
    {
        var profiler = Harness.Create("""
            import os, sys
            """ + "\n" + ProfilerHarness.EmitNotes("['input=' + ';'.join(os.listdir('/input')), 'args=' + '|'.join(sys.argv[1:3]), 'count=' + str(len(sys.argv))]"));

        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, fileName, null, CancellationToken.None));

        Assert.Equal(expected, notes["input"]);
        Assert.Equal($"/input/{expected}|{expected}", notes["args"]);
        Assert.Equal("9", notes["count"]);
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
