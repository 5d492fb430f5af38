namespace CodingAgent.Sandbox.Seccomp;

/// <summary>The syscall ABIs the bubblewrap filter allows at all; every other one (i386, x32, ...) is refused whole.</summary>
internal enum SeccompArchitecture
{
    X64,
    Arm64,
}
