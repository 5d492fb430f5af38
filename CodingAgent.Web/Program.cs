using CodingAgent.Web.Auth;
using CodingAgent.Web.Evaluation;
using CodingAgent.Web.Extensions;

if (EvaluationArguments.IsEvaluation(args))
{
    return await EvaluationCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCodingAgentWeb();

var app = builder.Build();
app.MapCodingAgent();
try
{
    await app.RunAsync();
}
catch (AnonymousNetworkRefusedException refused)
{
    // a refusal of the operator's settings, not a crash: the reason, without a stack trace
    await Console.Error.WriteLineAsync(refused.Message);
    return 2;
}
return 0;

public partial class Program;
