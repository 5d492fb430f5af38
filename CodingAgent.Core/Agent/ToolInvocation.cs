using Microsoft.Extensions.AI;

namespace CodingAgent.Core.Agent;

/// <summary>
/// How the function-invocation layer calls the agent's tool (<see cref="FunctionInvokingChatClient.FunctionInvoker"/>):
/// a call whose arguments could not be parsed is answered with a short correction the model can act on, instead of
/// running the tool without its arguments.
/// </summary>
public static class ToolInvocation
{
    public static async ValueTask<object?> InvokeAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        if (context.CallContent.Exception is { } parseError)
        {
            return $"Error: the arguments of your call to `{context.Function.Name}` were not valid JSON ({parseError.Message}). " +
                "Call it again with a JSON object, e.g. {\"code\": \"print(df.head())\"}, escaping quotes and newlines in the code.";
        }
        return await context.Function.InvokeAsync(context.Arguments, cancellationToken);
    }

    /// <summary>The app's settings of the function-invocation layer (also used by tests that build the pipeline themselves).</summary>
    public static void Configure(FunctionInvokingChatClient client)
    {
        // the tool itself enforces the attempt budget; this is the outer bound of model round trips
        client.MaximumIterationsPerRequest = 60;
        // the model sees why a call failed (an unknown tool): the tool itself never throws
        client.IncludeDetailedErrors = true;
        client.MaximumConsecutiveErrorsPerRequest = 5;
        client.FunctionInvoker = InvokeAsync;
    }
}
