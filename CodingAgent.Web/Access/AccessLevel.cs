namespace CodingAgent.Web.Access;

/// <summary>What a request does with a session or dashboard.</summary>
public enum AccessLevel
{
    /// <summary>Reads it: its owner and the users it is shared with.</summary>
    Read,

    /// <summary>Changes it or runs code in its kernel: only its owner, and only with a role that runs code.</summary>
    Write,
}
