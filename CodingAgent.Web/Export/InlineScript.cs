using System.Security.Cryptography;
using System.Text;

namespace CodingAgent.Web.Export;

/// <summary>A script written inline into a report, and the CSP source (<c>'sha256-…'</c>) that allows exactly it.</summary>
public sealed class InlineScript(string text)
{
    public string Text { get; } = text;

    public string Hash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))) + "'";
}
