using CodingAgent.Sandbox.Seccomp;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// <see cref="SyscallDenyList"/> compiled into the classic BPF program that bubblewrap loads with <c>--seccomp FD</c>:
/// only the x86_64 and aarch64 ABIs are allowed at all (any other, e.g. i386 through <c>int 0x80</c>, kills the process;
/// x32 calls and numbers newer than the list fail with ENOSYS), the listed calls fail with their errno, and everything
/// else is allowed.
/// </summary>
internal static class SeccompFilter
{
    private const uint AuditArchX64 = 0xC000003E;
    private const uint AuditArchArm64 = 0xC00000B7;
    private const uint X32SyscallBit = 0x40000000;
    private const uint RetKillProcess = 0x80000000;
    private const uint RetErrno = 0x00050000;
    private const uint RetAllow = 0x7FFF0000;

    // struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }, little-endian
    private const uint NumberOffset = 0;
    private const uint ArchOffset = 4;
    private const uint FirstArgumentLowOffset = 16;

    public static byte[] Compile(IReadOnlyList<DeniedSyscall> denials)
    {
        var bpf = new BpfAssembler();
        var (x64, tryArm64, arm64, kill) = (bpf.NewLabel(), bpf.NewLabel(), bpf.NewLabel(), bpf.NewLabel());
        bpf.Load(ArchOffset);
        bpf.JumpIf(BpfCondition.Equal, AuditArchX64, BpfAssembler.Next, tryArm64);
        bpf.Jump(x64);
        bpf.Mark(tryArm64);
        bpf.JumpIf(BpfCondition.Equal, AuditArchArm64, BpfAssembler.Next, kill);
        bpf.Jump(arm64);
        bpf.Mark(kill);
        bpf.Return(RetKillProcess);

        bpf.Mark(x64);
        EmitArchitecture(bpf, SeccompArchitecture.X64, denials);
        bpf.Mark(arm64);
        EmitArchitecture(bpf, SeccompArchitecture.Arm64, denials);
        return bpf.Assemble();
    }

    private static void EmitArchitecture(BpfAssembler bpf, SeccompArchitecture architecture, IReadOnlyList<DeniedSyscall> denials)
    {
        var (unknown, known) = (bpf.NewLabel(), bpf.NewLabel());
        bpf.Load(NumberOffset);
        if (architecture == SeccompArchitecture.X64)
        {
            bpf.JumpIf(BpfCondition.AnyBitSet, X32SyscallBit, unknown, BpfAssembler.Next);
        }
        bpf.JumpIf(BpfCondition.Greater, SyscallDenyList.HighestKnownNumber, unknown, known);
        bpf.Mark(unknown);
        bpf.Return(Errno(DeniedSyscall.ENOSYS));
        bpf.Mark(known);
        foreach (var denial in denials)
        {
            if (denial.NumberOn(architecture) is { } number)
            {
                EmitDenial(bpf, denial, (uint)number);
            }
        }
        bpf.Return(RetAllow);
    }

    /// <summary>With the syscall number in the accumulator: returns the denial's verdict if the number matches, else falls through.</summary>
    private static void EmitDenial(BpfAssembler bpf, DeniedSyscall denial, uint number)
    {
        var other = bpf.NewLabel();
        bpf.JumpIf(BpfCondition.Equal, number, BpfAssembler.Next, other);
        if (denial.Test == FirstArgumentTest.Any)
        {
            bpf.Return(Errno(denial.Errno));
        }
        else
        {
            var matched = bpf.NewLabel();
            bpf.Load(FirstArgumentLowOffset);
            var condition = denial.Test == FirstArgumentTest.HasAnyBitOf ? BpfCondition.AnyBitSet : BpfCondition.Equal;
            foreach (var value in denial.Values)
            {
                bpf.JumpIf(condition, value, matched, BpfAssembler.Next);
            }
            var deniedWhenMatched = denial.Test != FirstArgumentTest.IsNoneOf;
            bpf.Return(deniedWhenMatched ? RetAllow : Errno(denial.Errno));
            bpf.Mark(matched);
            bpf.Return(deniedWhenMatched ? Errno(denial.Errno) : RetAllow);
        }
        bpf.Mark(other);
    }

    private static uint Errno(int errno) => RetErrno | (uint)errno;
}
