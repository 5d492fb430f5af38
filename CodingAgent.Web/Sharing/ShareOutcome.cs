namespace CodingAgent.Web.Sharing;

/// <summary>What adding a share came to: the user it is now shared with, or why not.</summary>
public sealed record ShareOutcome(ShareGrant? Grant, ShareRefusal? Refusal);
