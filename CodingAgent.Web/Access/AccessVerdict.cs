namespace CodingAgent.Web.Access;

/// <summary>The answer of an access check.</summary>
public enum AccessVerdict
{
    Allowed,

    /// <summary>Not visible to the user: answered exactly like an unknown id (404).</summary>
    NotFound,

    /// <summary>Visible (shared with them) but not theirs to change, or their role runs nothing (403).</summary>
    Forbidden,
}
