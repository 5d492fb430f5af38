using System.Buffers.Binary;

namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// Runs a classic BPF seccomp program on one syscall the way the kernel does, for the instructions a seccomp filter uses
/// (absolute word loads, constant comparisons and jumps, constant returns); anything else fails the test.
/// </summary>
internal static class ClassicBpfInterpreter
{
    public const uint AuditArchX64 = 0xC000003E;
    public const uint AuditArchArm64 = 0xC00000B7;
    public const uint AuditArchI386 = 0x40000003;

    public static uint Run(byte[] program, uint arch, int number, ulong firstArgument = 0)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteInt32LittleEndian(data, number);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), firstArgument);
        Assert.True(program.Length % 8 == 0 && program.Length / 8 <= 4096, "not a loadable program");
        uint accumulator = 0;
        for (var pc = 0; ; pc++)
        {
            Assert.True(pc < program.Length / 8, "the program runs off its end");
            var instruction = program.AsSpan(pc * 8, 8);
            var code = BinaryPrimitives.ReadUInt16LittleEndian(instruction);
            var (whenTrue, whenFalse) = (instruction[2], instruction[3]);
            var k = BinaryPrimitives.ReadUInt32LittleEndian(instruction[4..]);
            switch (code)
            {
                case 0x20:
                    Assert.True(k % 4 == 0 && k < data.Length, $"load of offset {k}");
                    accumulator = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k));
                    break;
                case 0x05:
                    pc += (int)k;
                    break;
                case 0x15:
                    pc += accumulator == k ? whenTrue : whenFalse;
                    break;
                case 0x25:
                    pc += accumulator > k ? whenTrue : whenFalse;
                    break;
                case 0x45:
                    pc += (accumulator & k) != 0 ? whenTrue : whenFalse;
                    break;
                case 0x06:
                    return k;
                default:
                    Assert.Fail($"instruction {pc} has code 0x{code:x}, which a seccomp filter here never uses");
                    break;
            }
        }
    }
}
