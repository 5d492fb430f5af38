namespace CodingAgent.Web.Components.Chat;

/// <summary>Failed steps (and the text between them) that a later step of the turn fixed, shown folded as one line.</summary>
public sealed record FixedAttemptsItem(IReadOnlyList<TurnPart> Parts, int FailedSteps) : TurnItem;
