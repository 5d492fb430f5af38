using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Sharing;

namespace CodingAgent.Web.Access;

/// <summary>Who may see and change a session and everything that hangs off it (<see cref="OwnedResourceAccess{T}"/>).</summary>
public sealed class SessionAccess(ISessionRepository sessions, ShareStore shares) : OwnedResourceAccess<Session>(shares, ShareKinds.Session)
{
    protected override Task<Session?> GetAsync(Guid id, CancellationToken cancellationToken) => sessions.GetSessionAsync(id, cancellationToken);

    protected override string OwnerOf(Session resource) => resource.OwnerId;
}
