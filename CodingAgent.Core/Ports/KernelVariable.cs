namespace CodingAgent.Core.Ports;

/// <summary>
/// One variable of a kernel as the kernel reported it: written by code in the sandbox, so data to show, never to trust.
/// </summary>
/// <param name="Shape">Rows and columns of a DataFrame or array, the length of a Series or builtin collection; empty when unknown.</param>
/// <param name="Bytes">Memory of a DataFrame, Series or array (without the objects it points to); null when not cheap to know.</param>
public sealed record KernelVariable(string Name, string Type, IReadOnlyList<long> Shape, long? Bytes);
