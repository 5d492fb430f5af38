using CodingAgent.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddCodingAgentWeb();

var app = builder.Build();
app.MapCodingAgent();
app.Run();

public partial class Program;
