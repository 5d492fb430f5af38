using Microsoft.Extensions.Options;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>The settings error an app refuses to start with, seen through <see cref="CodingAgentFactory"/>.</summary>
public static class StartFailure
{
    private const int Attempts = 5;

    /// <summary>
    /// Starts the app of a new factory from <paramref name="create"/> and returns the <see cref="OptionsValidationException"/>
    /// its start throws; fails when it starts. WebApplicationFactory's deferred host now and then reports a failed start
    /// as an <see cref="ObjectDisposedException"/> (the app disposed its services before the factory asked them whether it
    /// started): then a fresh factory tries again, so that the test still reads the real error.
    /// </summary>
    public static async Task<OptionsValidationException> OfAsync(Func<CodingAgentFactory> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            var factory = create();
            try
            {
                factory.CreateClient();
                Assert.Fail("The app started.");
            }
            catch (OptionsValidationException e)
            {
                return e;
            }
            catch (ObjectDisposedException) when (attempt < Attempts)
            {
                // the race above: try again
            }
            finally
            {
                await factory.DisposeAsync();
            }
        }
    }
}
