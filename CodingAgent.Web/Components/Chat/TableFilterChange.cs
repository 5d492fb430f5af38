namespace CodingAgent.Web.Components.Chat;

/// <summary>A column's filter box changed to <see cref="Text"/>.</summary>
public sealed record TableFilterChange(string Column, string? Text);
