namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>A table's rows before and after a cleaning (null on the side where the table is missing).</summary>
public sealed record TableChange(string Table, long? RowsBefore, long? RowsAfter);
