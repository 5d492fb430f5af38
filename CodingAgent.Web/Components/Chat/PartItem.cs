namespace CodingAgent.Web.Components.Chat;

/// <summary>A part of the turn shown as it is.</summary>
public sealed record PartItem(TurnPart Part) : TurnItem;
