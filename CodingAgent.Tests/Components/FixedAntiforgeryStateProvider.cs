using Microsoft.AspNetCore.Components.Forms;

namespace CodingAgent.Tests.Components;

/// <summary>An antiforgery token for components rendered without a request (bUnit).</summary>
public sealed class FixedAntiforgeryStateProvider(string token) : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken GetAntiforgeryToken() => new(token, "__RequestVerificationToken");
}
