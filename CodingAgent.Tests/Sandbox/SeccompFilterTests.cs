using CodingAgent.Sandbox.Process;
using CodingAgent.Sandbox.Seccomp;
using static CodingAgent.Tests.Sandbox.ClassicBpfInterpreter;

namespace CodingAgent.Tests.Sandbox;

/// <summary>The compiled bubblewrap filter, run instruction by instruction for both architectures (only x86_64 runs here).</summary>
public sealed class SeccompFilterTests
{
    private const uint Allow = 0x7FFF0000;
    private const uint Eperm = 0x00050001;
    private const uint Enosys = 0x00050026;
    private const uint KillProcess = 0x80000000;
    private const ulong CloneNewUser = 0x10000000;
    private const ulong ThreadFlags = 0x003D0F00; // CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID

    private static readonly byte[] _program = SeccompFilter.Compile(SyscallDenyList.All);

    [Fact]
    public void Every_listed_syscall_is_denied_on_each_architecture_that_has_it()
    {
        foreach (var denial in SyscallDenyList.All.Where(d => d.Test == FirstArgumentTest.Any))
        {
            var expected = 0x00050000u | (uint)denial.Errno;
            Assert.True(Run(_program, AuditArchX64, denial.X64Number) == expected, denial.Name + " on x86_64");
            if (denial.Arm64Number is { } arm64)
            {
                Assert.True(Run(_program, AuditArchArm64, arm64) == expected, denial.Name + " on aarch64");
            }
        }
    }

    [Fact]
    public void The_list_names_each_syscall_once_and_no_number_twice()
    {
        Assert.Equal(SyscallDenyList.All.Length, SyscallDenyList.All.Select(d => d.Name).Distinct().Count());
        Assert.Equal(SyscallDenyList.All.Length, SyscallDenyList.All.Select(d => d.X64Number).Distinct().Count());
        var arm64 = SyscallDenyList.All.Where(d => d.Arm64Number is not null).Select(d => d.Arm64Number).ToList();
        Assert.Equal(arm64.Count, arm64.Distinct().Count());
    }

    [Theory]
    [InlineData(0, 0UL)] // read
    [InlineData(1, 0UL)] // write
    [InlineData(57, 0UL)] // fork
    [InlineData(58, 0UL)] // vfork
    [InlineData(56, ThreadFlags)] // clone of a thread
    [InlineData(56, 0x01200011UL)] // clone of glibc's fork: CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD
    [InlineData(41, 2UL)] // socket(AF_INET)
    [InlineData(41, 1UL)] // socket(AF_UNIX)
    [InlineData(135, 0xFFFFFFFFUL)] // personality query
    [InlineData(135, 0x8UL)] // personality(PER_LINUX32)
    [InlineData(469, 0UL)] // the newest syscall the list knows
    public void Ordinary_calls_are_allowed(int number, ulong firstArgument) =>
        Assert.Equal(Allow, Run(_program, AuditArchX64, number, firstArgument));

    [Theory]
    [InlineData(56, CloneNewUser | 17)]
    [InlineData(56, 0x20000UL | 17)] // CLONE_NEWNS
    [InlineData(56, 0x40000000UL | 17)] // CLONE_NEWNET
    [InlineData(41, 40UL)] // socket(AF_VSOCK)
    [InlineData(41, 0x1_00000028UL)] // socket(AF_VSOCK) with upper bits the kernel ignores
    [InlineData(135, 0x0040000UL)] // personality(ADDR_NO_RANDOMIZE)
    [InlineData(135, 0x0400000UL)] // personality(READ_IMPLIES_EXEC)
    public void Dangerous_arguments_are_denied(int number, ulong firstArgument) =>
        Assert.Equal(Eperm, Run(_program, AuditArchX64, number, firstArgument));

    [Fact]
    public void Clone3_fails_with_enosys_so_that_glibc_falls_back_to_clone()
    {
        Assert.Equal(Enosys, Run(_program, AuditArchX64, 435));
        Assert.Equal(Enosys, Run(_program, AuditArchArm64, 435));
    }

    [Theory]
    [InlineData(39 | 0x40000000)] // getpid through the x32 ABI
    [InlineData(470)]
    [InlineData(-1)]
    public void X32_calls_and_numbers_newer_than_the_list_fail_with_enosys(int number) =>
        Assert.Equal(Enosys, Run(_program, AuditArchX64, number));

    [Fact]
    public void Other_abis_kill_the_process()
    {
        Assert.Equal(KillProcess, Run(_program, AuditArchI386, 20));
        Assert.Equal(KillProcess, Run(_program, 0x40000028 /* AUDIT_ARCH_ARM */, 20));
    }

    [Fact]
    public void Aarch64_numbers_are_checked_with_its_own_table()
    {
        Assert.Equal(Eperm, Run(_program, AuditArchArm64, 97)); // unshare
        Assert.Equal(Eperm, Run(_program, AuditArchArm64, 220, CloneNewUser | 17));
        Assert.Equal(Allow, Run(_program, AuditArchArm64, 220, ThreadFlags));
        Assert.Equal(Eperm, Run(_program, AuditArchX64, 165)); // mount on x86_64...
        Assert.Equal(Allow, Run(_program, AuditArchArm64, 165)); // ...is getrusage on aarch64
    }
}
