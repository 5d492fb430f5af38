using System.Runtime.CompilerServices;
using Bunit;

namespace CodingAgent.Tests.Components;

/// <summary>
/// bUnit's waits (WaitForAssertion, WaitForState) are bounded by a timeout, which is a fact of the machine, not of the
/// component: on a busy 2-core machine a render can take seconds. The bound is generous so that only a component that
/// never gets there fails.
/// </summary>
internal static class BunitWaits
{
    [ModuleInitializer]
    internal static void Initialize() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
}
