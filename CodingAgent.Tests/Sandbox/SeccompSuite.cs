using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Sandbox;

public sealed class ProcessSeccompSuite(ProcessSandboxFixture sandbox) : SeccompSuite(sandbox), IClassFixture<ProcessSandboxFixture>;

public sealed class DockerSeccompSuite(DockerSandboxFixture sandbox) : SeccompSuite(sandbox), IClassFixture<DockerSandboxFixture>;

/// <summary>
/// The kernel's attack surface, the same on every backend: code makes the syscalls that kernel exploits start from
/// (x86_64 numbers, through ctypes) and each must fail with EPERM (clone3: ENOSYS; foreign ABIs: killed), while threads,
/// subprocesses, fork and the data stack keep working. Each case then checks that its session still computes.
/// </summary>
public abstract class SeccompSuite(SandboxFixture sandbox)
{
    /// <summary>
    /// <c>call</c> makes a syscall in the kernel itself, <c>in_child</c> in a forked child (for calls that would change the
    /// kernel if they worked); both print "NAME denied ERRNO", "NAME ALLOWED" or "NAME killed by signal N".
    /// </summary>
    private const string Syscalls = """
        import ctypes, os, resource, signal, subprocess
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        CLONE_NEWUSER, CLONE_NEWNS, SIGCHLD = 0x10000000, 0x20000, 17

        def raw(nr, *args):
            ctypes.set_errno(0)
            rc = libc.syscall(ctypes.c_long(nr), *(ctypes.c_long(a) for a in args))
            return rc, ctypes.get_errno()

        def call(name, nr, *args):
            rc, errno = raw(nr, *args)
            print(name, f"denied {errno}" if rc < 0 else "ALLOWED", flush=True)
            return rc

        def in_child(name, nr, *args):
            pid = os.fork()
            if pid == 0:
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
                rc, errno = raw(nr, *args)
                os._exit(errno if rc < 0 else 0)  # a child that clone made lands here too, with rc 0
            print(name, outcome(os.waitpid(pid, 0)[1]), flush=True)

        def outcome(status):
            if os.WIFSIGNALED(status):
                return f"killed by signal {os.WTERMSIG(status)}"
            return f"denied {os.WEXITSTATUS(status)}" if os.WEXITSTATUS(status) else "ALLOWED"

        def strings(*values):
            buffers = [ctypes.create_string_buffer(v) for v in values]
            strings.kept = buffers
            return [ctypes.addressof(b) for b in buffers]

        """;

    private async Task<string> RunAsync(string code)
    {
        var session = Guid.NewGuid();
        var kernel = await sandbox.Pool.GetKernelAsync(session, CancellationToken.None);
        var result = await kernel.ExecuteAsync(Syscalls + code, null, CancellationToken.None);
        Assert.True(result.Succeeded, $"{result.Error?.Type}: {result.Error?.Message}\n{result.Error?.Traceback}\n{result.Stdout}\n{result.Stderr}");
        var after = await (await sandbox.Pool.GetKernelAsync(session, CancellationToken.None)).ExecuteAsync("6 * 7", null, CancellationToken.None);
        Assert.True(after.Succeeded && after.ResultText == "42", "the session no longer computes after the attack: " + after.Error?.Message);
        return result.Stdout;
    }

    private static void AssertDenied(string stdout, int errno, params string[] calls)
    {
        Assert.DoesNotContain("ALLOWED", stdout);
        foreach (var call in calls)
        {
            Assert.Contains($"{call} denied {errno}\n", stdout);
        }
    }

    [Fact]
    public async Task Code_cannot_create_a_user_namespace()
    {
        var stdout = await RunAsync("""
            in_child("unshare(CLONE_NEWUSER)", 272, CLONE_NEWUSER)
            in_child("unshare(CLONE_NEWUSER|CLONE_NEWNS)", 272, CLONE_NEWUSER | CLONE_NEWNS)
            in_child("clone(CLONE_NEWUSER)", 56, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)
            in_child("clone(CLONE_NEWNS)", 56, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0)
            tool = subprocess.run(["unshare", "-Urm", "true"], capture_output=True, text=True)
            print("unshare -Urm:", tool.returncode, tool.stderr.strip())
            """);
        AssertDenied(stdout, 1, "unshare(CLONE_NEWUSER)", "unshare(CLONE_NEWUSER|CLONE_NEWNS)", "clone(CLONE_NEWUSER)", "clone(CLONE_NEWNS)");
        Assert.Contains("unshare -Urm: 1 unshare: unshare failed: Operation not permitted", stdout);
    }

    [Fact]
    public async Task Code_cannot_set_up_io_uring()
    {
        var stdout = await RunAsync("""
            params = ctypes.create_string_buffer(120)
            call("io_uring_setup", 425, 4, ctypes.addressof(params))
            call("io_uring_enter", 426, 0, 1, 0, 0, 0, 0)
            call("io_uring_register", 427, 0, 0, 0, 0)
            """);
        AssertDenied(stdout, 1, "io_uring_setup", "io_uring_enter", "io_uring_register");
    }

    [Fact]
    public async Task Code_cannot_use_the_kernel_keyrings()
    {
        var stdout = await RunAsync("""
            kind, description, payload = strings(b"user", b"stolen", b"x")
            call("add_key", 248, kind, description, payload, 1, -2)  # into the process keyring
            call("request_key", 249, kind, description, 0, 0)
            call("keyctl", 250, 0, -3, 1)  # KEYCTL_GET_KEYRING_ID of the session keyring, creating it
            """);
        AssertDenied(stdout, 1, "add_key", "request_key", "keyctl");
    }

    [Fact]
    public async Task Code_cannot_load_bpf_or_open_perf_events()
    {
        var stdout = await RunAsync("""
            array_map = (ctypes.c_uint32 * 32)(2, 4, 4, 1)  # BPF_MAP_CREATE: one 4-byte value
            call("bpf", 321, 0, ctypes.addressof(array_map), ctypes.sizeof(array_map))
            event = (ctypes.c_uint32 * 32)(1, 128)  # software cpu-clock of this process...
            event[10] = 0x60  # ...user space only, which perf_event_paranoid allows
            call("perf_event_open", 298, ctypes.addressof(event), 0, -1, -1, 0)
            """);
        AssertDenied(stdout, 1, "bpf", "perf_event_open");
    }

    [Fact]
    public async Task Code_cannot_create_a_userfaultfd()
    {
        var stdout = await RunAsync("""
            call("userfaultfd", 323, 0x80000)
            call("userfaultfd(UFFD_USER_MODE_ONLY)", 323, 0x80000 | 1)  # allowed by the sysctl to anyone
            """);
        AssertDenied(stdout, 1, "userfaultfd", "userfaultfd(UFFD_USER_MODE_ONLY)");
    }

    [Fact]
    public async Task Code_cannot_trace_or_read_the_memory_of_another_process()
    {
        var stdout = await RunAsync("""
            import time
            class iovec(ctypes.Structure):
                _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]
            secret, copy = ctypes.create_string_buffer(b"child's secret"), ctypes.create_string_buffer(32)
            child = os.fork()
            if child == 0:
                time.sleep(30)
                os._exit(0)
            try:
                local, remote = iovec(ctypes.addressof(copy), 14), iovec(ctypes.addressof(secret), 14)
                call("process_vm_readv", 310, child, ctypes.addressof(local), 1, ctypes.addressof(remote), 1, 0)
                call("process_vm_writev", 311, child, ctypes.addressof(local), 1, ctypes.addressof(remote), 1, 0)
                if call("ptrace(PTRACE_ATTACH)", 101, 16, child, 0, 0) == 0:
                    os.waitpid(child, 0)
                    raw(101, 17, child, 0, 0)  # PTRACE_DETACH
                in_child("ptrace(PTRACE_TRACEME)", 101, 0, 0, 0, 0)
            finally:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
            print("copied", copy.value)
            """);
        AssertDenied(stdout, 1, "process_vm_readv", "process_vm_writev", "ptrace(PTRACE_ATTACH)", "ptrace(PTRACE_TRACEME)");
        Assert.Contains("copied b''", stdout);
    }

    [Fact]
    public async Task Code_cannot_mount_anything()
    {
        var stdout = await RunAsync("""
            source, target, fstype = strings(b"none", b"/tmp", b"tmpfs")
            call("mount", 165, source, target, fstype, 0, 0)
            call("umount2", 166, target, 2)
            call("fsopen", 430, fstype, 0)
            call("open_tree", 428, -100, target, 1)  # OPEN_TREE_CLONE
            call("pivot_root", 155, target, target)
            """);
        AssertDenied(stdout, 1, "mount", "umount2", "fsopen", "open_tree", "pivot_root");
    }

    [Fact]
    public async Task Code_cannot_load_kernel_modules_or_replace_the_kernel()
    {
        var stdout = await RunAsync("""
            call("init_module", 175, 0, 0, 0)
            call("finit_module", 313, 0, 0, 0)
            call("delete_module", 176, 0, 0)
            call("kexec_load", 246, 0, 0, 0, 0)
            call("kexec_file_load", 320, -1, -1, 0, 0, 0)
            call("reboot", 169, 0xfee1dead, 0x28121969, 1, 0)  # with the magic numbers but no valid command
            """);
        AssertDenied(stdout, 1, "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot");
    }

    [Fact]
    public async Task Code_cannot_open_vsock_sockets_to_the_hypervisor()
    {
        var stdout = await RunAsync("""
            import socket
            try:
                socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM).close()
                print("socket(AF_VSOCK) ALLOWED")
            except OSError as e:
                print("socket(AF_VSOCK) denied", e.errno)
            call("socket(AF_VSOCK with upper bits set)", 41, 40 | 1 << 32, 1, 0)
            socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
            socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()
            print("other sockets work")
            """);
        AssertDenied(stdout, 1, "socket(AF_VSOCK)", "socket(AF_VSOCK with upper bits set)");
        Assert.Contains("other sockets work", stdout);
    }

    [Fact]
    public async Task Code_cannot_switch_off_address_space_randomisation()
    {
        var stdout = await RunAsync("""
            in_child("personality(ADDR_NO_RANDOMIZE)", 135, 0x0040000)
            in_child("personality(READ_IMPLIES_EXEC)", 135, 0x0400000)
            if call("personality query", 135, 0xffffffff) >= 0:
                print("query works")
            """);
        Assert.Contains("personality(ADDR_NO_RANDOMIZE) denied 1\n", stdout);
        Assert.Contains("personality(READ_IMPLIES_EXEC) denied 1\n", stdout);
        Assert.Contains("query works", stdout);
    }

    [Fact]
    public async Task Code_cannot_reach_the_kernel_through_the_32_bit_syscall_abis()
    {
        var stdout = await RunAsync("""
            import mmap
            page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
            page.write(bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3]))  # mov eax, 20 (getpid on i386); int 0x80; ret
            getpid_i386 = ctypes.CFUNCTYPE(ctypes.c_long)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
            pid = os.fork()
            if pid == 0:
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
                os._exit(0 if getpid_i386() > 0 else 1)
            print("i386 getpid", outcome(os.waitpid(pid, 0)[1]))
            in_child("x32 getpid", 39 | 0x40000000)
            """);
        Assert.Contains("i386 getpid killed by signal 31\n", stdout);
        // bubblewrap's filter answers x32 with ENOSYS, Docker's (libseccomp) kills the thread
        Assert.Matches("x32 getpid (denied 38|killed by signal 31)\n", stdout);
    }

    [Fact]
    public async Task Threads_subprocesses_forks_and_the_data_stack_keep_working_under_the_filter()
    {
        var stdout = await RunAsync("""
            import concurrent.futures, multiprocessing, threading
            import numpy as np, pandas as pd
            import matplotlib.pyplot as plt
            squares = []
            threads = [threading.Thread(target=lambda i=i: squares.append(i * i)) for i in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print("threads", sorted(squares))
            with concurrent.futures.ThreadPoolExecutor(4) as workers:
                print("thread pool", sum(workers.map(abs, range(-10, 0))))
            with multiprocessing.Pool(2) as workers:
                print("process pool", workers.map(abs, [-1, -2, -3]))
            print("subprocess", subprocess.run(["python3", "-c", "print(1)"], capture_output=True, text=True).stdout.strip())
            pid = os.fork()
            if pid == 0:
                os._exit(7)
            print("fork", os.WEXITSTATUS(os.waitpid(pid, 0)[1]))
            frame = pd.DataFrame({"x": np.arange(999), "y": np.random.default_rng(1).normal(size=999)})
            print("pandas", frame.groupby(frame.x % 3).y.count().tolist(), np.linalg.inv(np.eye(2) * 2)[0, 0])
            plt.plot(frame.x, frame.y)
            print([line.strip() for line in open("/proc/self/status") if line.startswith("Seccomp:")][0])
            print("filter descriptors", [fd for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}").endswith(".bpf")])
            """);
        Assert.Contains("threads [0, 1, 4, 9, 16, 25, 36, 49]", stdout);
        Assert.Contains("thread pool 55", stdout);
        Assert.Contains("process pool [1, 2, 3]", stdout);
        Assert.Contains("subprocess 1", stdout);
        Assert.Contains("fork 7", stdout);
        Assert.Contains("pandas [333, 333, 333] 0.5", stdout);
        Assert.Contains("Seccomp:\t2", stdout);
        Assert.Contains("filter descriptors []", stdout);
    }
}
