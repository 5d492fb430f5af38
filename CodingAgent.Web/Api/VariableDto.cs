using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Api;

/// <summary>One kernel variable: name, type, shape (rows, columns… or a length; empty when unknown) and bytes (null when unknown).</summary>
public sealed record VariableDto(string Name, string Type, IReadOnlyList<long> Shape, long? Bytes)
{
    public static VariableDto From(KernelVariable v) => new(v.Name, v.Type, v.Shape, v.Bytes);
}
