using System.Collections.Immutable;

namespace CodingAgent.Sandbox.Seccomp;

/// <summary>
/// The one list of syscalls that sandboxed code may not make, on both backends: bubblewrap compiles it into a BPF program
/// (<see cref="Process.SeccompFilter"/>), Docker gets it as a seccomp profile (<see cref="Docker.DockerSeccompProfile"/>).
/// Everything else is allowed. The list is a superset of what Docker's default profile refuses to a container without
/// capabilities (namespaces, mounts, keyrings, bpf, perf, modules, kexec, reboot, swap, clock, quota, foreign memory
/// policies) plus what that profile lets through although sandboxed data analysis never needs it: io_uring, ptrace and
/// reading or writing another process's memory, file handles, the LDT, and vsock sockets, which no network namespace
/// isolates. Calls fail with EPERM (Python: PermissionError), except clone3, which fails with ENOSYS so that glibc falls
/// back to clone, whose namespace flags are checked.
/// </summary>
internal static class SyscallDenyList
{
    /// <summary>CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET.</summary>
    public const uint NamespaceFlags = 0x7E020000;

    public const uint AfVsock = 40;

    /// <summary>The highest syscall number (x86_64 and aarch64 share the numbers from 424 on) this list was checked against (Linux 6.18).</summary>
    public const int HighestKnownNumber = 469;

    /// <summary>personality() values allowed, as in Docker's profile: PER_LINUX, PER_LINUX32, UNAME26 with either, and the query 0xffffffff.</summary>
    private static readonly uint[] _harmlessPersonalities = [0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF];

    public static ImmutableArray<DeniedSyscall> All { get; } =
    [
        // new namespaces (user namespaces above all: they give root over a fresh mount namespace)
        Deny("unshare", 272, 97),
        Deny("setns", 308, 268),
        Deny("clone", 56, 220).When(FirstArgumentTest.HasAnyBitOf, NamespaceFlags),
        Deny("clone3", 435, 435, DeniedSyscall.ENOSYS),
        // mounts, old and new API
        Deny("mount", 165, 40),
        Deny("umount2", 166, 39),
        Deny("pivot_root", 155, 41),
        Deny("chroot", 161, 51),
        Deny("open_tree", 428, 428),
        Deny("move_mount", 429, 429),
        Deny("fsopen", 430, 430),
        Deny("fsconfig", 431, 431),
        Deny("fsmount", 432, 432),
        Deny("fspick", 433, 433),
        Deny("mount_setattr", 442, 442),
        Deny("statmount", 457, 457),
        Deny("listmount", 458, 458),
        Deny("open_tree_attr", 467, 467),
        // kernel subsystems with a long record of privilege escalations
        Deny("io_uring_setup", 425, 425),
        Deny("io_uring_enter", 426, 426),
        Deny("io_uring_register", 427, 427),
        Deny("add_key", 248, 217),
        Deny("request_key", 249, 218),
        Deny("keyctl", 250, 219),
        Deny("bpf", 321, 280),
        Deny("perf_event_open", 298, 241),
        Deny("userfaultfd", 323, 282),
        Deny("modify_ldt", 154, null),
        Deny("socket", 41, 198).When(FirstArgumentTest.IsOneOf, AfVsock),
        Deny("personality", 135, 92).When(FirstArgumentTest.IsNoneOf, _harmlessPersonalities),
        // other processes and their memory
        Deny("ptrace", 101, 117),
        Deny("process_vm_readv", 310, 270),
        Deny("process_vm_writev", 311, 271),
        Deny("kcmp", 312, 272),
        Deny("pidfd_getfd", 438, 438),
        Deny("process_madvise", 440, 440),
        Deny("migrate_pages", 256, 238),
        Deny("move_pages", 279, 239),
        Deny("mbind", 237, 235),
        Deny("set_mempolicy", 238, 237),
        Deny("get_mempolicy", 239, 236),
        Deny("set_mempolicy_home_node", 450, 450),
        // file handles bypass path permissions
        Deny("open_by_handle_at", 304, 265),
        Deny("name_to_handle_at", 303, 264),
        // modules, kexec, reboot and system administration
        Deny("init_module", 175, 105),
        Deny("finit_module", 313, 273),
        Deny("delete_module", 176, 106),
        Deny("create_module", 174, null),
        Deny("get_kernel_syms", 177, null),
        Deny("query_module", 178, null),
        Deny("kexec_load", 246, 104),
        Deny("kexec_file_load", 320, 294),
        Deny("reboot", 169, 142),
        Deny("swapon", 167, 224),
        Deny("swapoff", 168, 225),
        Deny("acct", 163, 89),
        Deny("quotactl", 179, 60),
        Deny("quotactl_fd", 443, 443),
        Deny("syslog", 103, 116),
        Deny("lookup_dcookie", 212, 18),
        Deny("fanotify_init", 300, 262),
        Deny("sethostname", 170, 161),
        Deny("setdomainname", 171, 162),
        Deny("settimeofday", 164, 170),
        Deny("clock_settime", 227, 112),
        Deny("vhangup", 153, 58),
        Deny("nfsservctl", 180, 42),
        Deny("iopl", 172, null),
        Deny("ioperm", 173, null),
        Deny("uselib", 134, null),
        Deny("ustat", 136, null),
        Deny("sysfs", 139, null),
        Deny("_sysctl", 156, null),
    ];

    private static DeniedSyscall Deny(string name, int x64, int? arm64, int errno = DeniedSyscall.EPERM) => new(name, x64, arm64, errno, FirstArgumentTest.Any, []);
}
