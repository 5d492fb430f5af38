namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>One column before and after a cleaning; the before or after side is null for a column that was added or dropped.</summary>
public sealed record ColumnChange(string Table, string Column, Measures? Before, Measures? After);
