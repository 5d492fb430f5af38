using System.Reflection;

namespace CodingAgent.Tests.Agent;

/// <summary>A dependency the code under test must not use: any call fails the test loudly.</summary>
public class Unused : DispatchProxy
{
    public static T Of<T>() where T : class => Create<T, Unused>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new NotSupportedException($"{targetMethod?.DeclaringType?.Name}.{targetMethod?.Name} is not used by this test.");
}
