using CodingAgent.Core.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>
/// The app's model, shared by both providers. Each provider has a context of its own deriving from this one
/// (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>) so that each keeps its own migrations.
/// </summary>
public abstract class AppDbContext : IdentityDbContext<AppUser>
{
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<ConversationMessage> Messages => Set<ConversationMessage>();
    public DbSet<ExecutionStep> Steps => Set<ExecutionStep>();
    public DbSet<Artifact> Artifacts => Set<Artifact>();
    public DbSet<WorkspaceFile> Files => Set<WorkspaceFile>();
    public DbSet<RunEvent> RunEvents => Set<RunEvent>();
    public DbSet<Dashboard> Dashboards => Set<Dashboard>();
    public DbSet<DashboardTile> DashboardTiles => Set<DashboardTile>();
    public DbSet<FileProfileRow> FileProfiles => Set<FileProfileRow>();
    public DbSet<AuditEventRow> AuditEvents => Set<AuditEventRow>();
    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();
    public DbSet<ShareRow> Shares => Set<ShareRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<AppUser>(e => e.Property(u => u.Role).HasMaxLength(16));
        modelBuilder.Entity<ApiTokenRow>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(t => t.Id);
            e.Property(t => t.UserId).HasMaxLength(450);
            e.Property(t => t.Name).HasMaxLength(Auth.ApiTokenKinds.MaxNameLength);
            e.Property(t => t.Kind).HasMaxLength(16);
            e.Property(t => t.Hash).HasMaxLength(64);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ShareRow>(e =>
        {
            e.ToTable("shares");
            e.HasKey(s => new { s.ResourceKind, s.ResourceId, s.UserId });
            e.Property(s => s.ResourceKind).HasMaxLength(16);
            e.Property(s => s.UserId).HasMaxLength(450);
            e.HasIndex(s => new { s.UserId, s.ResourceKind });
        });
        modelBuilder.Entity<Session>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Title).HasMaxLength(200);
            e.Property(s => s.Model).HasMaxLength(300);
            e.Property(s => s.OwnerId).HasMaxLength(450).HasDefaultValue(Core.Audit.AuditUsers.Local);
            e.HasIndex(s => s.UpdatedAt);
            e.HasIndex(s => new { s.OwnerId, s.UpdatedAt });
        });
        modelBuilder.Entity<ConversationMessage>(e =>
        {
            e.ToTable("messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Role).HasMaxLength(16);
            e.Property(m => m.Status).HasMaxLength(16);
            e.Property(m => m.Model).HasMaxLength(400);
            e.Property(m => m.Cost).HasPrecision(18, 8);
            e.HasIndex(m => new { m.SessionId, m.CreatedAt });
            e.HasIndex(m => m.RunId);
            e.HasOne<Session>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(m => m.Steps).WithOne().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ExecutionStep>(e =>
        {
            e.ToTable("steps");
            e.HasKey(s => s.Id);
            e.Property(s => s.ErrorType).HasMaxLength(200);
            e.HasIndex(s => new { s.MessageId, s.Index });
        });
        modelBuilder.Entity<Artifact>(e =>
        {
            e.ToTable("artifacts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Kind).HasMaxLength(16);
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.MediaType).HasMaxLength(200);
            e.Property(a => a.InputFiles).HasMaxLength(100_000);
            e.HasIndex(a => a.SessionId);
            e.HasIndex(a => a.StepId);
            e.HasOne<Session>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WorkspaceFile>(e =>
        {
            e.ToTable("files");
            e.HasKey(f => new { f.SessionId, f.Name, f.Version });
            e.Property(f => f.Version).HasDefaultValue(1);
            e.Property(f => f.Name).HasMaxLength(200);
            e.Property(f => f.BlobKey).HasMaxLength(300);
            e.Ignore(f => f.ContentKey);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.Property(f => f.DerivedFrom).HasMaxLength(200);
            e.HasOne<Session>().WithMany().HasForeignKey(f => f.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<FileProfileRow>(e =>
        {
            e.ToTable("file_profiles");
            e.HasKey(p => new { p.SessionId, p.Name, p.Version });
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Status).HasMaxLength(20);
            e.HasIndex(p => new { p.Status, p.UpdatedAt });
            e.HasOne<WorkspaceFile>().WithOne().HasForeignKey<FileProfileRow>(p => new { p.SessionId, p.Name, p.Version }).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AuditEventRow>(e =>
        {
            e.ToTable("audit_events");
            e.HasKey(a => a.Id);
            e.Property(a => a.User).HasMaxLength(Core.Audit.AuditEntry.MaxUserLength);
            e.Property(a => a.Action).HasMaxLength(Core.Audit.AuditEntry.MaxActionLength);
            e.Property(a => a.Detail).HasMaxLength(Core.Audit.AuditEntry.MaxDetailLength);
            e.Property(a => a.CodeSha256).HasMaxLength(64);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.User, a.At });
        });
        modelBuilder.Entity<RunEvent>(e =>
        {
            e.ToTable("run_events");
            e.HasKey(r => new { r.RunId, r.Sequence });
            e.Property(r => r.Name).HasMaxLength(32);
            e.HasIndex(r => r.SessionId);
            e.HasOne<Session>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Dashboard>(e =>
        {
            e.ToTable("dashboards");
            e.HasKey(d => d.Id);
            e.Property(d => d.Name).HasMaxLength(Dashboard.MaxNameLength);
            e.Property(d => d.OwnerId).HasMaxLength(450).HasDefaultValue(Core.Audit.AuditUsers.Local);
            e.HasIndex(d => d.UpdatedAt);
            e.HasIndex(d => new { d.OwnerId, d.UpdatedAt });
        });
        modelBuilder.Entity<DashboardTile>(e =>
        {
            e.ToTable("dashboard_tiles");
            e.HasKey(t => t.Id);
            e.Property(t => t.Title).HasMaxLength(DashboardTile.MaxTitleLength);
            e.Property(t => t.Kind).HasMaxLength(16);
            e.Property(t => t.LastError).HasMaxLength(4000);
            e.HasIndex(t => new { t.DashboardId, t.Position });
            e.HasOne<Dashboard>().WithMany().HasForeignKey(t => t.DashboardId).OnDelete(DeleteBehavior.Cascade);
            // a deleted session takes its artifacts: the tile stays, saying its source is gone (DashboardTile)
            e.HasOne<Session>().WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Artifact>().WithMany().HasForeignKey(t => t.SourceArtifactId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Artifact>().WithMany().HasForeignKey(t => t.CurrentArtifactId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}
