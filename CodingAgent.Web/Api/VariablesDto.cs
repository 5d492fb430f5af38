using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Api;

/// <summary>The answer of <c>GET /api/sessions/{id}/variables</c> (docs/api.md).</summary>
public sealed record VariablesDto(bool KernelRunning, bool Stale, bool Truncated, IReadOnlyList<VariableDto> Items)
{
    public static VariablesDto From(SessionVariables s) =>
        new(s.KernelRunning, s.Variables.IsStale, s.Variables.Truncated, [.. s.Variables.Items.Select(VariableDto.From)]);
}
