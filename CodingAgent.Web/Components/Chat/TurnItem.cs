namespace CodingAgent.Web.Components.Chat;

/// <summary>What an assistant turn shows, in order: a part as it is, or failed attempts folded into one line.</summary>
public abstract record TurnItem;
