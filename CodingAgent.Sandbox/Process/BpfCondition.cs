namespace CodingAgent.Sandbox.Process;

/// <summary>The conditions of a classic BPF conditional jump (compared unsigned with the accumulator).</summary>
internal enum BpfCondition : ushort
{
    Equal = 0x10, // BPF_JEQ
    Greater = 0x20, // BPF_JGT
    AnyBitSet = 0x40, // BPF_JSET
}
