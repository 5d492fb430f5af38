using System.Text.Json.Nodes;
using CodingAgent.Sandbox.Docker;
using CodingAgent.Sandbox.Seccomp;

namespace CodingAgent.Tests.Sandbox;

/// <summary>The Docker profile, read with libseccomp's semantics: a rule applies when all its conditions hold, any applying rule denies.</summary>
public sealed class DockerSeccompProfileTests
{
    private static readonly JsonObject _profile = JsonNode.Parse(DockerSeccompProfile.Json)!.AsObject();

    private static int? ErrnoFor(string name, ulong firstArgument = 0) =>
        _profile["syscalls"]!.AsArray()
            .Where(rule => rule!["names"]!.AsArray().Any(n => (string?)n == name))
            .Where(rule => rule!["args"]!.AsArray().All(condition => Holds(condition!, firstArgument)))
            .Select(rule => (int?)rule!["errnoRet"]!.GetValue<int>())
            .FirstOrDefault();

    private static bool Holds(JsonNode condition, ulong argument)
    {
        Assert.Equal(0, condition["index"]!.GetValue<int>());
        var (value, valueTwo) = (condition["value"]!.GetValue<ulong>(), condition["valueTwo"]!.GetValue<ulong>());
        return (string?)condition["op"] switch
        {
            "SCMP_CMP_MASKED_EQ" => (argument & value) == valueTwo,
            "SCMP_CMP_GT" => argument > value,
            var op => throw new InvalidOperationException($"unexpected operator {op}"),
        };
    }

    [Fact]
    public void Everything_not_listed_is_allowed_on_the_two_native_abis_only()
    {
        Assert.Equal("SCMP_ACT_ALLOW", (string?)_profile["defaultAction"]);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"], _profile["architectures"]!.AsArray().Select(a => (string?)a));
        Assert.All(_profile["syscalls"]!.AsArray(), rule => Assert.Equal("SCMP_ACT_ERRNO", (string?)rule!["action"]));
        Assert.Null(ErrnoFor("read"));
    }

    [Fact]
    public void Every_listed_syscall_is_denied_with_its_errno()
    {
        foreach (var denial in SyscallDenyList.All.Where(d => d.Test == FirstArgumentTest.Any))
        {
            Assert.True(ErrnoFor(denial.Name) == denial.Errno, denial.Name);
        }
    }

    [Fact]
    public void Clone_is_denied_with_any_namespace_flag_and_allowed_without()
    {
        foreach (var flag in new ulong[] { 0x20000, 0x2000000, 0x4000000, 0x8000000, 0x10000000, 0x20000000, 0x40000000 })
        {
            Assert.True(ErrnoFor("clone", flag | 17) == 1, $"clone with 0x{flag:x}");
        }
        Assert.Null(ErrnoFor("clone", 0x003D0F00));
        Assert.Null(ErrnoFor("clone", 0x01200011));
        Assert.Equal(38, ErrnoFor("clone3"));
    }

    [Fact]
    public void Personality_allows_exactly_what_dockers_default_profile_allows()
    {
        uint[] allowed = [0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF];
        var probes = allowed.SelectMany(v => new ulong[] { v, v + 1UL, v - 1UL, v | 0x1_00000000UL })
            .Concat([0x0040000UL, 0x0400000UL, 0x0100000UL, 0x0040008UL, 0x7FFFFFFFUL, 0x80000000UL, ulong.MaxValue]);
        foreach (var value in probes)
        {
            var expected = allowed.Contains((uint)value) && value <= uint.MaxValue ? (int?)null : 1;
            Assert.True(ErrnoFor("personality", value) == expected, $"personality(0x{value:x})");
        }
    }

    [Fact]
    public void Vsock_sockets_are_denied_whatever_the_upper_bits()
    {
        Assert.Equal(1, ErrnoFor("socket", 40));
        Assert.Equal(1, ErrnoFor("socket", 0x1_00000028));
        Assert.Null(ErrnoFor("socket", 2));
        Assert.Null(ErrnoFor("socket", 1));
    }
}
