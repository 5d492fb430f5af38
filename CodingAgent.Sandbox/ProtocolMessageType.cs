namespace CodingAgent.Sandbox;

/// <summary>The kinds of message a kernel sends (see Kernel/kernel.py); anything else is <see cref="Unknown"/>.</summary>
internal enum ProtocolMessageType
{
    Unknown,
    Ready,
    Stream,
    Artifact,
    Result,
    Variables,
}
