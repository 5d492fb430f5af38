namespace CodingAgent.Core.Files;

/// <summary>A column of a file preview: its name and the pandas dtype it was read as.</summary>
public sealed record FilePreviewColumn(string Name, string Dtype);
