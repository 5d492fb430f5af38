using System.Buffers.Binary;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// Assembles a classic BPF program (the <c>struct sock_filter</c> array that seccomp and bubblewrap's <c>--seccomp</c>
/// take) from loads, returns and jumps to labels, so that no jump offset is counted by hand.
/// </summary>
internal sealed class BpfAssembler
{
    /// <summary>A jump target meaning "the next instruction".</summary>
    public const int Next = -1;

    private const ushort LoadWordAbsolute = 0x20; // BPF_LD | BPF_W | BPF_ABS
    private const ushort JumpClass = 0x05; // BPF_JMP; with BPF_JA (0) the unconditional jump, with BPF_K and a condition a comparison
    private const ushort ReturnConstant = 0x06; // BPF_RET | BPF_K

    private readonly List<(ushort Code, int WhenTrue, int WhenFalse, uint K)> _instructions = [];
    private readonly List<int> _labels = [];

    public int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    /// <summary>Places a label at the next instruction.</summary>
    public void Mark(int label) => _labels[label] = _instructions.Count;

    /// <summary>Loads the 32-bit word at <paramref name="offset"/> of <c>struct seccomp_data</c> into the accumulator.</summary>
    public void Load(uint offset) => _instructions.Add((LoadWordAbsolute, Next, Next, offset));

    public void JumpIf(BpfCondition condition, uint operand, int whenTrue, int whenFalse) =>
        _instructions.Add(((ushort)(JumpClass | (ushort)condition), whenTrue, whenFalse, operand));

    /// <summary>An unconditional jump, which unlike a conditional one may go further than 255 instructions.</summary>
    public void Jump(int label) => _instructions.Add((JumpClass, label, Next, 0));

    public void Return(uint action) => _instructions.Add((ReturnConstant, Next, Next, action));

    /// <summary>The program as the kernel reads it: 8 bytes per instruction, little-endian (x86_64 and aarch64).</summary>
    public byte[] Assemble()
    {
        var bytes = new byte[_instructions.Count * 8];
        for (var i = 0; i < _instructions.Count; i++)
        {
            var (code, whenTrue, whenFalse, k) = _instructions[i];
            var slot = bytes.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(slot, code);
            if (code == JumpClass)
            {
                k = (uint)Offset(i, whenTrue, int.MaxValue);
            }
            else if ((code & 0x07) == JumpClass)
            {
                slot[2] = (byte)Offset(i, whenTrue, byte.MaxValue);
                slot[3] = (byte)Offset(i, whenFalse, byte.MaxValue);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], k);
        }
        return bytes;
    }

    private int Offset(int from, int label, int maximum)
    {
        if (label == Next)
        {
            return 0;
        }
        var offset = _labels[label] - from - 1;
        if (_labels[label] < 0 || offset < 0 || offset > maximum)
        {
            throw new InvalidOperationException($"BPF instruction {from} jumps to label {label}, which is unplaced, backwards or out of reach");
        }
        return offset;
    }
}
