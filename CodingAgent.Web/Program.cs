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
app.Run();
return 0;

public partial class Program;
