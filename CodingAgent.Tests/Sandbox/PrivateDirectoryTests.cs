using CodingAgent.Sandbox;

namespace CodingAgent.Tests.Sandbox;

public sealed class PrivateDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _root = Directory.CreateTempSubdirectory("codingagent-private-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_new_directory_is_open_to_its_owner_only_and_so_is_an_own_one_made_wider()
    {
        var created = PrivateDirectory.Ensure(Path.Combine(_root, "runtime"));
        var wide = Directory.CreateDirectory(Path.Combine(_root, "wide"), (UnixFileMode)0b111_111_111).FullName;
        File.SetUnixFileMode(wide, (UnixFileMode)0b111_111_111);

        PrivateDirectory.Ensure(wide);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(created));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(wide));
    }

    [Fact]
    public void A_link_in_place_of_the_directory_is_refused()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var link = Path.Combine(_root, "runtime");
        Directory.CreateSymbolicLink(link, elsewhere);

        Assert.Throws<InvalidOperationException>(() => PrivateDirectory.Ensure(link));
    }

    [Fact]
    public void A_directory_of_another_user_is_refused()
    {
        var planted = Directory.CreateDirectory(Path.Combine(_root, "runtime"), OwnerOnly).FullName;
        Workspaces.Assign(planted, 54321);

        Assert.Throws<InvalidOperationException>(() => PrivateDirectory.Ensure(planted));
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
}
