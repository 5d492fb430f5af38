namespace CodingAgent.Core.Domain;

/// <summary>A workspace file at one version: what an artifact's run read.</summary>
public sealed record FileVersionRef(string Name, int Version, string Sha256);
