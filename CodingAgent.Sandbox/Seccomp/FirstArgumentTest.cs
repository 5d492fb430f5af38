namespace CodingAgent.Sandbox.Seccomp;

/// <summary>
/// Which calls of a denied syscall are denied, judged by the low 32 bits of its first argument (where the clone flags,
/// the personality and the socket domain live; the kernel reads the last two as 32-bit values, so upper bits an attacker
/// sets change nothing).
/// </summary>
internal enum FirstArgumentTest
{
    /// <summary>Every call.</summary>
    Any,

    /// <summary>Calls whose first argument has any bit of the masks in <see cref="DeniedSyscall.Values"/> set.</summary>
    HasAnyBitOf,

    /// <summary>Calls whose first argument is one of <see cref="DeniedSyscall.Values"/>.</summary>
    IsOneOf,

    /// <summary>Calls whose first argument is none of <see cref="DeniedSyscall.Values"/>.</summary>
    IsNoneOf,
}
