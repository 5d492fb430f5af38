using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Chat;

/// <summary>A session deleted in the sidebar but kept until its undo window passes; <paramref name="WasOpen"/> when the page showed it.</summary>
public sealed record PendingDeletion(Session Session, bool WasOpen);
