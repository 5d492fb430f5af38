using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Api;

[Collection("app")]
public sealed class QueryEndToEndTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Monthly_revenue_question_streams_a_chart_with_the_right_sums_that_survives_a_restart()
    {
        var (csv, expected) = SalesData.Create();
        var script = app.Model.Play("monthly revenue trend for 2023",
            new ToolCallTurn(SalesData.MonthlyTrendCode, "Let me load the data."),
            new TextTurn("Revenue in 2023 moved month to month; the chart shows the **monthly revenue trend**."));
        var session = await app.Client.CreateSessionAsync("Sales");
        var upload = await app.Client.UploadAsync(session, "sales.csv", csv);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sales.csv", uploaded[0].GetProperty("name").GetString());
        Assert.Equal(csv.Length, uploaded[0].GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv)), uploaded[0].GetProperty("sha256").GetString());

        var events = await app.Client.QueryAsync(session, "Show me the monthly revenue trend for 2023");

        var names = events.Select(e => e.Name).ToList();
        Assert.Equal("run", names[0]);
        Assert.Equal("done", names[^1]);
        Assert.Contains("text", names);
        Assert.True(names.IndexOf("code") < names.IndexOf("stdout"), string.Join(",", names));
        Assert.True(names.IndexOf("artifact") < names.IndexOf("final"));
        Assert.DoesNotContain("step_error", names);
        var done = events[^1].Data;
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("usage").GetProperty("inputTokens").GetInt64() >= 200);
        Assert.True(done.GetProperty("usage").GetProperty("outputTokens").GetInt64() >= 40);
        var final = events.Single(e => e.Name == "final").Data.GetProperty("content").GetString();
        Assert.Equal("Revenue in 2023 moved month to month; the chart shows the **monthly revenue trend**.", final);
        Assert.Contains("2023-12", events.Stdout());

        // the model saw the table's profile digest (columns with their meaning and ranges), fenced as data
        var system = script.Requests[0]["messages"]![0]!["content"]!.ToString();
        Assert.Contains("sales.csv", system);
        Assert.Contains("- \"revenue\": decimal", system);
        Assert.Contains("- \"date\": date", system);

        var artifactEvent = events.Single(e => e.Name == "artifact").Data;
        Assert.Equal("chart", artifactEvent.GetProperty("kind").GetString());
        var artifactId = artifactEvent.GetProperty("id").GetGuid();
        await AssertChartAsync(artifactId, expected);

        await app.RestartAsync();

        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("Show me the monthly revenue trend for 2023", messages[0].GetProperty("content").GetString());
        var answer = messages[1];
        Assert.Equal("completed", answer.GetProperty("status").GetString());
        Assert.Equal(final, answer.GetProperty("content").GetString());
        Assert.Equal(SalesData.MonthlyTrendCode, answer.GetProperty("steps")[0].GetProperty("code").GetString());
        Assert.Contains(artifactId, answer.GetProperty("artifactIds").EnumerateArray().Select(a => a.GetGuid()));
        await AssertChartAsync(artifactId, expected);
        var file = await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/sales.csv");
        Assert.Equal(csv, file);
        var sessionInfo = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}");
        Assert.Equal("Sales", sessionInfo.GetProperty("title").GetString());
    }

    private async Task AssertChartAsync(Guid artifactId, decimal[] expected)
    {
        var meta = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{artifactId}");
        Assert.Equal("chart", meta.GetProperty("kind").GetString());
        Assert.Equal("application/vnd.plotly.v1+json", meta.GetProperty("mediaType").GetString());
        var figure = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{artifactId}/content");
        var trace = figure.GetProperty("data")[0];
        var x = trace.GetProperty("x").EnumerateArray().Select(v => v.GetString()).ToList();
        var y = trace.GetProperty("y").EnumerateArray().Select(v => v.GetDecimal()).ToList();
        Assert.Equal(12, x.Count);
        Assert.Equal(12, y.Count);
        Assert.Equal("2023-01", x[0]);
        Assert.Equal("2023-12", x[11]);
        for (var month = 0; month < 12; month++)
        {
            Assert.True(Math.Abs(expected[month] - y[month]) < 0.01m, $"month {month + 1}: expected {expected[month]}, chart has {y[month]}");
        }
        Assert.Equal("Monthly revenue 2023", figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Query_with_failing_code_retries_then_completes()
    {
        var (csv, _) = SalesData.Create();
        var script = app.Model.Play("total revenue per region",
            new ToolCallTurn("df = pd.read_csv('sales.csv')\ndf.groupby('Region')['revenue'].sum()"),
            new ToolCallTurn("df = pd.read_csv('sales.csv')\ndf.groupby('region')['revenue'].sum().round(2)"),
            new TextTurn("North, South, East and West are shown in the table."));
        var session = await app.Client.CreateSessionAsync();
        (await app.Client.UploadAsync(session, "sales.csv", csv)).EnsureSuccessStatusCode();

        var events = await app.Client.QueryAsync(session, "What is the total revenue per region?");

        var codes = events.Where(e => e.Name == "code").ToList();
        Assert.Equal(2, codes.Count);
        var error = events.Single(e => e.Name == "step_error").Data;
        Assert.Equal(codes[0].Data.GetProperty("stepId").GetGuid(), error.GetProperty("stepId").GetGuid());
        Assert.Equal("KeyError", error.GetProperty("type").GetString());
        Assert.Contains("Region", error.GetProperty("message").GetString());
        Assert.Contains("<cell-", error.GetProperty("traceback").GetString());
        var table = events.Single(e => e.Name == "artifact").Data;
        Assert.Equal("table", table.GetProperty("kind").GetString());
        Assert.Equal(codes[1].Data.GetProperty("stepId").GetGuid(), table.GetProperty("stepId").GetGuid());
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());

        // the model was told about the failure and how many attempts are left
        var toolResult = script.Requests[1]["messages"]!.AsArray().Last(m => (string?)m!["role"] == "tool")!["content"]!.ToString();
        Assert.Contains("KeyError", toolResult);
        Assert.Contains("attempts left", toolResult);

        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        var steps = messages[1].GetProperty("steps");
        Assert.Equal(2, steps.GetArrayLength());
        Assert.False(steps[0].GetProperty("succeeded").GetBoolean());
        Assert.Equal("KeyError", steps[0].GetProperty("error").GetProperty("type").GetString());
        Assert.True(steps[1].GetProperty("succeeded").GetBoolean());

        var tableContent = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{table.GetProperty("id").GetGuid()}/content");
        Assert.Equal(4, tableContent.GetProperty("rowCount").GetInt32());
        Assert.Equal("region", tableContent.GetProperty("columns")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Self_correction_stops_after_the_configured_number_of_failed_attempts()
    {
        var failing = Enumerable.Range(0, 6).Select(i => (ModelTurn)new ToolCallTurn($"raise ValueError('attempt {i}')")).ToList();
        failing.Add(new TextTurn("I could not compute it."));
        app.Model.Play("always failing question", [.. failing]);
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "always failing question");

        // MaxAttempts is 4: four executions fail, further calls are refused without running
        Assert.Equal(4, events.Count(e => e.Name == "code"));
        Assert.Equal(4, events.Count(e => e.Name == "step_error"));
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Variables_persist_between_turns_of_a_session()
    {
        app.Model.Play("remember forty-one",
            new ToolCallTurn("answer = 41"),
            new TextTurn("Stored."));
        app.Model.Play("add one to it",
            new ToolCallTurn("answer + 1"),
            new TextTurn("It is 42."));
        var session = await app.Client.CreateSessionAsync();

        await app.Client.QueryAsync(session, "remember forty-one");
        var events = await app.Client.QueryAsync(session, "add one to it");

        var end = events.Single(e => e.Name == "step_end").Data;
        Assert.True(end.GetProperty("succeeded").GetBoolean());
        Assert.Equal("42", end.GetProperty("resultText").GetString());
    }

    [Fact]
    public async Task A_run_keeps_going_when_the_client_disconnects_and_can_be_followed_again()
    {
        app.Model.Play("slow question for a closed tab",
            new ToolCallTurn("import time\nprint('working', flush=True)\ntime.sleep(2)\nprint('finished')"),
            new TextTurn("All done after the tab closed."));
        var session = await app.Client.CreateSessionAsync();

        Guid runId;
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/query") { Content = JsonContent.Create(new { message = "slow question for a closed tab" }) })
        using (var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            runId = Guid.Parse(response.Headers.GetValues("X-Run-Id").Single());
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line && !line.StartsWith("event: code", StringComparison.Ordinal))
            {
            }
            // the client goes away mid-run
        }

        var replay = await ApiClientExtensions.ReadEventsAsync(await app.Client.GetStreamAsync($"/api/sessions/{session}/runs/{runId}/events"));

        Assert.Equal("run", replay[0].Name);
        Assert.Equal("completed", replay[^1].Data.GetProperty("status").GetString());
        Assert.Contains("finished", replay.Stdout());
        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal("All done after the tab closed.", messages[1].GetProperty("content").GetString());
        var busy = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}");
        Assert.Equal(JsonValueKind.Null, busy.GetProperty("activeRunId").ValueKind);
    }

    [Fact]
    public async Task A_second_question_while_one_is_running_gets_409_and_loses_nothing()
    {
        app.Model.Play("first long question", new ToolCallTurn("import time\ntime.sleep(2)"), new TextTurn("First done."));
        var session = await app.Client.CreateSessionAsync();
        var first = app.Client.QueryAsync(session, "first long question");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        JsonElement active;
        while ((active = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("activeRunId")).ValueKind == JsonValueKind.Null)
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30));
            await Task.Delay(20);
        }

        var second = await app.Client.PostAsJsonAsync($"/api/sessions/{session}/query", new { message = "second question" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(active.GetGuid(), (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid());
        Assert.Equal("completed", (await first)[^1].Data.GetProperty("status").GetString());
        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal(2, messages.GetArrayLength());
    }

    [Fact]
    public async Task Model_without_tool_calling_gets_its_python_block_executed()
    {
        app.Model.Play("no tools model",
            new TextTurn("I will compute it:\n```python\nprint(sum(range(10)))\n```"),
            new TextTurn("The sum is 45."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "no tools model: what is the sum of 0..9?");

        Assert.Single(events, e => e.Name == "code");
        Assert.Equal("45\n", events.Stdout());
        Assert.Equal("The sum is 45.", events.Single(e => e.Name == "final").Data.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Cancelling_a_run_interrupts_the_kernel_and_the_session_stays_usable()
    {
        app.Model.Play("sleep for a long time",
            new ToolCallTurn("import time\nprint('started', flush=True)\ntime.sleep(600)"));
        app.Model.Play("after the cancel",
            new ToolCallTurn("print('still alive')"),
            new TextTurn("Still alive."));
        var session = await app.Client.CreateSessionAsync();

        var events = await QueryAndCancelOnFirstOutputAsync(session, "sleep for a long time");

        Assert.Equal("cancelled", events[^1].Data.GetProperty("status").GetString());
        var next = await app.Client.QueryAsync(session, "after the cancel");
        Assert.Equal("completed", next[^1].Data.GetProperty("status").GetString());
        Assert.Contains("still alive", next.Stdout());
        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal("cancelled", messages[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stop_keeps_the_variables_when_the_code_honours_the_interrupt()
    {
        app.Model.Play("keep my variables",
            new ToolCallTurn("import time\nkept = 41\nprint('started', flush=True)\ntime.sleep(600)"));
        app.Model.Play("use the kept variable",
            new ToolCallTurn("print(kept + 1)"),
            new TextTurn("It is 42."));
        var session = await app.Client.CreateSessionAsync();

        var stopped = await QueryAndCancelOnFirstOutputAsync(session, "keep my variables");
        var next = await app.Client.QueryAsync(session, "use the kept variable");

        Assert.Equal("cancelled", stopped[^1].Data.GetProperty("status").GetString());
        Assert.DoesNotContain(stopped, e => e.Name == "kernel_restarted");
        Assert.Equal("42\n", next.Stdout());
        Assert.DoesNotContain(next, e => e.Name == "kernel_restarted");
    }

    [Fact]
    public async Task A_kernel_restarted_by_stop_is_announced_to_the_page_and_the_model()
    {
        app.Model.Play("ignore the interrupt",
            new ToolCallTurn("import signal, time\nlost = 1\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nprint('started', flush=True)\ntime.sleep(600)"));
        var after = app.Model.Play("after the restart",
            new ToolCallTurn("print('lost' in globals())"),
            new TextTurn("The variable is gone."));
        var session = await app.Client.CreateSessionAsync();

        var stopped = await QueryAndCancelOnFirstOutputAsync(session, "ignore the interrupt");
        var next = await app.Client.QueryAsync(session, "after the restart");

        Assert.Contains(stopped, e => e.Name == "kernel_restarted");
        var announced = next.First(e => e.Name == "kernel_restarted");
        Assert.Contains("variables", announced.Data.GetProperty("message").GetString());
        Assert.True(next.IndexOf(announced) < next.FindIndex(e => e.Name == "code"), "the restart is announced before the first step");
        Assert.Equal("False\n", next.Stdout());
        var systemPrompt = after.Requests[0]["messages"]![0]!["content"]!.ToString();
        Assert.Contains("kernel was restarted", systemPrompt);
    }

    private async Task<List<SseEvent>> QueryAndCancelOnFirstOutputAsync(Guid session, string question)
    {
        Guid? runId = null;
        var cancelled = false;
        return await app.Client.QueryAsync(session, question, e =>
        {
            if (e.Name == "run")
            {
                runId = e.Data.GetProperty("runId").GetGuid();
            }
            if (e.Name == "stdout" && !cancelled)
            {
                cancelled = true;
                var cancel = app.Client.PostAsync($"/api/sessions/{session}/runs/{runId}/cancel", null).GetAwaiter().GetResult();
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            }
        });
    }
}
