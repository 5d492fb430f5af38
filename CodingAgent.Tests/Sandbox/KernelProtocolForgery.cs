namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// Python that reaches the kernel's own protocol writer (as any code in the kernel's process can, through
/// <c>gc</c>) to send messages the host must treat as forged: <c>forge(**message)</c> sends one for the running
/// execution, <c>_kernel._outq.put(bytes)</c> queues raw lines.
/// </summary>
internal static class KernelProtocolForgery
{
    public const string Prelude = """
        import gc
        _kernel = next(o for o in gc.get_objects() if type(o).__name__ == "Kernel" and hasattr(o, "_outq"))
        def forge(**message):
            message.setdefault("id", _kernel.pump.exec_id)
            _kernel.send(message)

        """;
}
