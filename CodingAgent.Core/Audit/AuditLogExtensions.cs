using System.Security.Cryptography;
using System.Text;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Audit;

public static class AuditLogExtensions
{
    /// <summary>Records an action before it is done: when the record cannot be stored the action must not happen (<see cref="AuditUnavailableException"/>).</summary>
    public static async Task RecordRequiredAsync(this IAuditLog audit, AuditEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(entry, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new AuditUnavailableException(entry.Action.Replace('_', ' '), ex);
        }
    }

    /// <summary>The SHA-256 of code as the audit log keeps it: lower-case hex of its UTF-8 bytes.</summary>
    public static string CodeSha256(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
