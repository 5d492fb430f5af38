namespace CodingAgent.Sandbox;

/// <summary>
/// What a kernel may send in one execution (from its execute request to the next), beyond its capped output and its
/// result: artifacts up to <c>Sandbox:MaxArtifactMbPerExecution</c>, counted in raw protocol bytes, and all in all
/// (artifacts kept or dropped, lines for other executions or of no known type, output past the cap) that budget plus
/// twice the output cap. A kernel past the second bound is flooding the host. Used by the read loop only.
/// </summary>
internal sealed class ProtocolBudget(long artifactBytes, long outputCapBytes)
{
    private long _artifacts;
    private long _counted;

    public long ArtifactBytes => artifactBytes;

    /// <summary>Counts an artifact message; false when keeping it would exceed the artifact budget.</summary>
    public bool TryTakeArtifact(long bytes)
    {
        _counted += bytes;
        if (_artifacts + bytes > artifactBytes)
        {
            return false;
        }
        _artifacts += bytes;
        return true;
    }

    /// <summary>Counts a line the host does not keep.</summary>
    public void CountDropped(long bytes) => _counted += bytes;

    public bool IsExhausted => _counted > artifactBytes + 2 * outputCapBytes;
}
