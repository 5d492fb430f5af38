namespace CodingAgent.Core.Dashboards;

/// <summary>Why a tile could not be recomputed; the message is what the tile shows.</summary>
public sealed class RefreshFailedException(string message) : Exception(message);
