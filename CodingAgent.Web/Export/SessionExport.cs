using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Export;

/// <summary>What an export of a session is made from: the session, its messages (oldest first, steps in order) and its artifacts by step.</summary>
public sealed record SessionExport(Session Session, IReadOnlyList<ConversationMessage> Messages, ILookup<Guid?, Artifact> ArtifactsByStep)
{
    /// <summary>The session's stored conversation, or null for an unknown session.</summary>
    public static async Task<SessionExport?> LoadAsync(ISessionRepository sessions, Guid id, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is not { } session)
        {
            return null;
        }
        var messages = await sessions.ListMessagesAsync(id, cancellationToken);
        var artifacts = await sessions.ListArtifactsAsync(id, cancellationToken);
        return new SessionExport(session, messages, artifacts.ToLookup(a => a.StepId));
    }

    /// <summary>The title shown in the export: the session's, or a neutral one.</summary>
    public string Title => string.IsNullOrWhiteSpace(Session.Title) ? "CodingAgent session" : Session.Title.Trim();
}
