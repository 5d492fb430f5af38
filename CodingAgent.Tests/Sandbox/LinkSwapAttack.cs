using System.Globalization;
using System.Text.Json;

namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// Python for a kernel: a thread that outlives its cell and keeps replacing every new entry of the workspace, and the
/// upload's name whenever it is not a link, with a symlink to a host path (atomically: symlink, then rename over the
/// entry). The host's temporary files and the uploads it puts in place are swapped for links while it works on them.
/// </summary>
internal static class LinkSwapAttack
{
    /// <summary>Starts the thread; the cell's value is "started".</summary>
    public static string Start(string uploadName, params string[] targets) => $$"""
        import os, threading
        link_swap_stop = threading.Event()
        link_swaps = [0]
        def _link_swap(targets={{JsonSerializer.Serialize(targets)}}, name={{JsonSerializer.Serialize(uploadName)}}, keep=frozenset(os.listdir("."))):
            while not link_swap_stop.is_set():
                try:
                    entries = os.listdir(".")
                except OSError:
                    continue
                for entry in entries:
                    if entry.endswith(".swap") or (entry in keep and entry != name) or os.path.islink(entry):
                        continue
                    link = f"{entry}.{link_swaps[0]}.swap"
                    try:
                        os.symlink(targets[link_swaps[0] % len(targets)], link)
                        os.replace(link, entry)
                        link_swaps[0] += 1
                    except OSError:
                        try:
                            os.unlink(link)
                        except OSError:
                            pass
        threading.Thread(target=_link_swap, daemon=True).start()
        "started"
        """;

    /// <summary>The cell's value is how many entries the thread has swapped so far (it keeps going).</summary>
    public const string Peek = "link_swaps[0]";

    /// <summary>Stops the thread; the cell's value is how many entries it swapped for links.</summary>
    public const string Stop = "link_swap_stop.set()\nimport time\ntime.sleep(0.2)\nlink_swaps[0]";

    public static int Swaps(string? resultText) => int.Parse(resultText ?? "0", CultureInfo.InvariantCulture);
}
