namespace CodingAgent.Web.Components.Chat;

/// <summary>Text to put into the question box (edit and resend); each request is a new instance.</summary>
public sealed record ChatDraft(string Text);
