namespace CodingAgent.Web.Components.Chat.Steps;

/// <summary>A piece of code and its highlighting class (null for plain text).</summary>
public sealed record CodeToken(string Text, string? Kind);
