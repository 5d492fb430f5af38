using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>The session store on EF Core: a short-lived context per call, so background runs and circuits never share one.</summary>
public sealed class EfSessionRepository(IDbContextFactory<AppDbContext> contexts, TimeProvider time) : ISessionRepository
{
    public async Task<Session> CreateSessionAsync(string title, string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var session = new Session { Id = Guid.NewGuid(), Title = title, CreatedAt = now, UpdatedAt = now, OwnerId = ownerId };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    public async Task<Session?> GetSessionAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Session>> ListSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Visible(db, userId).AsNoTracking().OrderByDescending(s => s.UpdatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>The sessions <paramref name="userId"/> owns or that are shared with them.</summary>
    private static IQueryable<Session> Visible(AppDbContext db, string userId) =>
        db.Sessions.Where(s => s.OwnerId == userId
            || db.Shares.Any(r => r.ResourceKind == Sharing.ShareKinds.Session && r.ResourceId == s.Id && r.UserId == userId));

    public async Task<IReadOnlyList<Session>> SearchSessionsAsync(string userId, string text, CancellationToken cancellationToken)
    {
        // lower() on both sides and Contains (instr on SQLite, strpos on PostgreSQL): literal, so % and _ match
        // themselves; SQLite's lower() folds only ASCII letters, PostgreSQL's every letter
        var lowered = text.ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Visible(db, userId).AsNoTracking()
            .Where(s => s.Title.ToLower().Contains(lowered)
                || db.Messages.Any(m => m.SessionId == s.Id && m.Content.ToLower().Contains(lowered)))
            .OrderByDescending(s => s.UpdatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> DeleteSessionAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task RenameSessionAsync(Guid id, string title, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Sessions.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Title, title).SetProperty(s => s.UpdatedAt, now), cancellationToken);
    }

    public async Task SetSessionModelAsync(Guid id, string? model, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Sessions.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Model, model).SetProperty(s => s.UpdatedAt, now), cancellationToken);
    }

    public async Task AddMessageAsync(ConversationMessage message, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Messages.Add(message);
        await TouchAsync(db, message.SessionId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UpdateMessageAsync(ConversationMessage message, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Messages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Content, message.Content)
            .SetProperty(m => m.Status, message.Status)
            .SetProperty(m => m.Error, message.Error)
            .SetProperty(m => m.InputTokens, message.InputTokens)
            .SetProperty(m => m.OutputTokens, message.OutputTokens)
            .SetProperty(m => m.Model, message.Model)
            .SetProperty(m => m.Cost, message.Cost), cancellationToken);
        await TouchAsync(db, message.SessionId, cancellationToken);
    }

    public async Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.SessionId == sessionId)
            .Include(m => m.Steps)
            .OrderBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);
        foreach (var message in messages)
        {
            message.Steps.Sort((a, b) => a.Index.CompareTo(b.Index));
        }
        return messages;
    }

    public async Task AddStepAsync(ExecutionStep step, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Steps.Add(step);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Artifacts.Add(artifact);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Artifact?> GetArtifactAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Artifacts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Artifact>> ListArtifactsAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Artifacts.AsNoTracking().Where(a => a.SessionId == sessionId).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<WorkspaceFile> AddFileVersionAsync(WorkspaceFile file, CancellationToken cancellationToken)
    {
        // two instances may add a version of the same name at once: the key (session, name, version) decides, and the loser takes the next number
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var newest = await db.Files.Where(f => f.SessionId == file.SessionId && f.Name == file.Name).MaxAsync(f => (int?)f.Version, cancellationToken);
            file.Version = (newest ?? 0) + 1;
            db.Files.Add(file);
            await TouchAsync(db, file.SessionId, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return file;
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                // taken meanwhile: try the next version
            }
        }
    }

    public async Task<IReadOnlyList<WorkspaceFile>> ListFilesAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Files.AsNoTracking()
            .Where(f => f.SessionId == sessionId && f.Version == db.Files.Where(o => o.SessionId == sessionId && o.Name == f.Name).Max(o => o.Version))
            .OrderBy(f => f.Name)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkspaceFile>> ListFileVersionsAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Files.AsNoTracking().Where(f => f.SessionId == sessionId && f.Name == name).OrderByDescending(f => f.Version).ToListAsync(cancellationToken);
    }

    public async Task<WorkspaceFile?> GetFileAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = db.Files.AsNoTracking().Where(f => f.SessionId == sessionId && f.Name == name);
        return version is { } v
            ? await versions.FirstOrDefaultAsync(f => f.Version == v, cancellationToken)
            : await versions.OrderByDescending(f => f.Version).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkspaceFile>> DeleteFileAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Files.Where(f => f.SessionId == sessionId && (f.Name == name || f.DerivedFrom == name));
        var deleted = await rows.AsNoTracking().ToListAsync(cancellationToken);
        if (deleted.Count > 0)
        {
            await rows.ExecuteDeleteAsync(cancellationToken);
            await TouchAsync(db, sessionId, cancellationToken);
        }
        return deleted;
    }

    public async Task<ConversationMessage?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().Include(m => m.Steps).FirstOrDefaultAsync(m => m.RunId == runId, cancellationToken);
        message?.Steps.Sort((a, b) => a.Index.CompareTo(b.Index));
        return message;
    }

    public async Task<TokenTotals> SumTokensAsync(Guid? sessionId, string? ownerId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var answers = db.Messages.AsNoTracking().Where(m => m.Role == MessageRoles.Assistant);
        if (sessionId is { } id)
        {
            answers = answers.Where(m => m.SessionId == id);
        }
        if (ownerId is not null)
        {
            answers = answers.Where(m => db.Sessions.Any(s => s.Id == m.SessionId && s.OwnerId == ownerId));
        }
        if (since is { } from)
        {
            answers = answers.Where(m => m.CreatedAt >= from);
        }
        var sums = await answers.GroupBy(_ => 1)
            .Select(g => new { Input = g.Sum(m => m.InputTokens), Output = g.Sum(m => m.OutputTokens), Priced = g.Count(m => m.Cost != null) })
            .SingleOrDefaultAsync(cancellationToken);
        if (sums is null)
        {
            return TokenTotals.None;
        }
        // SQLite cannot sum decimals: the priced answers' costs are added here (few numbers per session)
        var cost = sums.Priced == 0 ? (decimal?)null : (await answers.Where(m => m.Cost != null).Select(m => m.Cost!.Value).ToListAsync(cancellationToken)).Sum();
        return new TokenTotals(sums.Input, sums.Output, cost);
    }

    public async Task<IReadOnlyList<ConversationMessage>> ListRunningAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AsNoTracking().Where(m => m.Status == RunStatuses.Running).ToListAsync(cancellationToken);
    }

    public async Task<bool> InterruptRunAsync(Guid messageId, string content, string error, IReadOnlyList<ExecutionStep> recoveredSteps, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // a retrying execution strategy (PostgreSQL) runs the whole transaction again, never half of it
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var changed = await db.Messages.Where(m => m.Id == messageId && m.Status == RunStatuses.Running).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, RunStatuses.Interrupted)
                .SetProperty(m => m.Content, content)
                .SetProperty(m => m.Error, error), ct);
            if (changed == 0)
            {
                return false;
            }
            var known = await db.Steps.Where(s => s.MessageId == messageId).Select(s => s.Id).ToListAsync(ct);
            db.Steps.AddRange(recoveredSteps.Where(s => !known.Contains(s.Id)));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    private async Task TouchAsync(AppDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.UpdatedAt, now), cancellationToken);
    }
}
