using System.Collections.Immutable;

namespace CodingAgent.Sandbox.Seccomp;

/// <summary>
/// A syscall that sandboxed code may not make (or only some calls of it, see <see cref="Test"/>), with its number on each
/// architecture the bubblewrap filter knows (null: the architecture has no such syscall) and the errno the call fails with.
/// </summary>
internal sealed record DeniedSyscall(string Name, int X64Number, int? Arm64Number, int Errno, FirstArgumentTest Test, ImmutableArray<uint> Values)
{
    public const int EPERM = 1;
    public const int ENOSYS = 38;

    /// <summary>This denial narrowed to the calls whose first argument passes <paramref name="test"/>.</summary>
    public DeniedSyscall When(FirstArgumentTest test, params uint[] values) => this with { Test = test, Values = [.. values] };

    public int? NumberOn(SeccompArchitecture architecture) => architecture == SeccompArchitecture.X64 ? X64Number : Arm64Number;
}
