using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary><c>/healthz</c> is liveness (the process answers); <c>/healthz/ready</c> says whether the sandbox can start kernels.</summary>
[Collection("app")]
public sealed class ReadinessTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_working_sandbox_is_ready()
    {
        var response = await app.Client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("ready", body.GetProperty("checks").GetProperty("sandbox").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_sandbox_that_cannot_start_kernels_is_not_ready_and_says_what_to_change_while_the_app_stays_live()
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-notready-" + Guid.NewGuid().ToString("N"));
        const string missingPython = "/nonexistent/python3";
        try
        {
            await using var factory = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", new Dictionary<string, string?> { ["Sandbox:PythonPath"] = missingPython });
            using var client = factory.CreateClient();

            var problem = await AssertProblemAsync(await client.GetAsync("/healthz/ready"), HttpStatusCode.ServiceUnavailable);

            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("could not start a Python kernel", detail);
            Assert.Contains(missingPython + ": No such file or directory", detail);
            Assert.Contains($"Sandbox:PythonPath ({missingPython})", detail);
            Assert.Equal("unavailable", problem.GetProperty("checks").GetProperty("sandbox").GetProperty("status").GetString());
            Assert.Equal("ok", (await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
            // and stays so: every later start fails the same way
            var again = await AssertProblemAsync(await client.GetAsync("/healthz/ready"), HttpStatusCode.ServiceUnavailable);
            Assert.Contains($"Sandbox:PythonPath ({missingPython})", again.GetProperty("detail").GetString());
        }
        finally
        {
            await AppData.DeleteAsync(data);
        }
    }
}
