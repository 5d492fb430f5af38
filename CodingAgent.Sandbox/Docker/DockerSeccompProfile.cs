using System.Text.Json.Nodes;
using CodingAgent.Sandbox.Seccomp;

namespace CodingAgent.Sandbox.Docker;

/// <summary>
/// <see cref="SyscallDenyList"/> as a Docker seccomp profile, passed as its text in <c>SecurityOpt</c>
/// (<c>seccomp=&lt;json&gt;</c>). It replaces Docker's default profile: everything is allowed but the list, which covers all
/// that the default profile refuses to a container without capabilities and more. The container's other walls stay
/// (no capabilities, no-new-privileges, a non-root user). Only the x86_64 and aarch64 ABIs are listed, so calls through
/// i386 or x32 never reach the allowed default.
/// </summary>
internal static class DockerSeccompProfile
{
    public static string Json { get; } = Build(SyscallDenyList.All);

    private static string Build(IReadOnlyList<DeniedSyscall> denials)
    {
        var syscalls = new JsonArray();
        foreach (var unconditional in denials.Where(d => d.Test == FirstArgumentTest.Any).GroupBy(d => d.Errno))
        {
            syscalls.Add(Rule([.. unconditional.Select(d => d.Name)], unconditional.Key, []));
        }
        foreach (var denial in denials.Where(d => d.Test != FirstArgumentTest.Any))
        {
            // the conditions of one rule must all hold, separate rules are alternatives
            foreach (var conditions in Conditions(denial))
            {
                syscalls.Add(Rule([denial.Name], denial.Errno, conditions));
            }
        }
        return new JsonObject
        {
            ["defaultAction"] = "SCMP_ACT_ALLOW",
            ["architectures"] = new JsonArray("SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"),
            ["syscalls"] = syscalls,
        }.ToJsonString();
    }

    private static IEnumerable<JsonNode[]> Conditions(DeniedSyscall denial) => denial.Test switch
    {
        // (arg & bit) == bit for each bit of the masks
        FirstArgumentTest.HasAnyBitOf => denial.Values.SelectMany(Bits).Distinct().Select(bit => new[] { Compare("SCMP_CMP_MASKED_EQ", bit, bit) }),
        // (arg & 0xffffffff) == value: the kernel reads an int, so upper bits must not make a value look different
        FirstArgumentTest.IsOneOf => denial.Values.Select(value => new[] { Compare("SCMP_CMP_MASKED_EQ", uint.MaxValue, value) }),
        // libseccomp cannot AND several comparisons of one argument (arg != a && arg != b): every other 32-bit value as
        // aligned blocks instead, and any value with upper bits set (denied although the kernel would ignore them)
        FirstArgumentTest.IsNoneOf => BlocksWithout(denial.Values, 0, 32)
            .Select(block => new[] { Compare("SCMP_CMP_MASKED_EQ", block.Mask, block.Start) })
            .Append([Compare("SCMP_CMP_GT", uint.MaxValue, 0)]),
        _ => throw new ArgumentOutOfRangeException(nameof(denial), denial.Test, "not a first-argument test"),
    };

    /// <summary>The values of [start, start + 2^bits) other than <paramref name="values"/>, as (mask, start) of aligned blocks.</summary>
    private static IEnumerable<(ulong Mask, ulong Start)> BlocksWithout(IReadOnlyCollection<uint> values, ulong start, int bits)
    {
        var size = 1UL << bits;
        if (!values.Any(v => v >= start && v - start < size))
        {
            return [(~(size - 1), start)];
        }
        return bits == 0 ? [] : BlocksWithout(values, start, bits - 1).Concat(BlocksWithout(values, start + (size / 2), bits - 1));
    }

    private static IEnumerable<uint> Bits(uint mask) => Enumerable.Range(0, 32).Select(i => 1u << i).Where(bit => (mask & bit) != 0);

    private static JsonNode Compare(string op, ulong value, ulong valueTwo) =>
        new JsonObject { ["index"] = 0, ["value"] = value, ["valueTwo"] = valueTwo, ["op"] = op };

    private static JsonObject Rule(string[] names, int errno, JsonNode[] conditions) => new()
    {
        ["names"] = new JsonArray([.. names.Select(n => (JsonNode)n)]),
        ["action"] = "SCMP_ACT_ERRNO",
        ["errnoRet"] = errno,
        ["args"] = new JsonArray(conditions),
    };
}
