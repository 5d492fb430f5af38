using System.Text.Json;
using System.Text.Json.Nodes;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Evaluation;

/// <summary>
/// <c>eval</c> end to end: the built app as a child process, the real agent, bubblewrap sandbox and embedded
/// database, and a scripted OpenAI-compatible model over real HTTP.
/// </summary>
public sealed class EvaluationCommandTests : IClassFixture<EvaluationCommandTests.ModelFixture>, IAsyncLifetime
{
    private const string Orders = "region,units\nNorth,3\nSouth,5\nNorth,8\nWest,13\n";
    private readonly ScriptedOpenAiServer _model;
    private readonly string _folder = Directory.CreateTempSubdirectory("codingagent-eval-").FullName;

    public EvaluationCommandTests(ModelFixture fixture) => _model = fixture.Model;

    private string DataDirectory => Path.Combine(_folder, "data");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "tables"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "tables", "orders.csv"), Orders);
    }

    public async Task DisposeAsync()
    {
        if (Directory.Exists(DataDirectory))
        {
            await AppData.WaitUntilReleasedAsync(DataDirectory);
        }
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Questions_run_through_the_agent_and_sandbox_and_are_scored_in_the_table_and_the_results_file()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var mean = _model.Play($"mean-{marker}",
            new ToolCallTurn("import pandas as pd\ndf = pd.read_csv('orders.csv')\nprint('mean units:', df['units'].mean())"),
            new TextTurn("The mean of units is 7.25.\n@mean_units[7.25]"));
        _model.Play($"region-{marker}", new TextTurn("Without looking: @top_region[North]"));
        var count = _model.Play($"count-{marker}",
            new ToolCallTurn("import pandas as pd\ndf = pd.read_csv('orders.csv')\nprint((df['unitz'] > 4).sum())"),
            new ToolCallTurn("print('orders above 4 units:', (df['units'] > 4).sum())"),
            new TextTurn("Three orders have more than 4 units.\n@count[ 3 ]"));
        await WriteQuestionsAsync(
            Question("q-mean", $"[mean-{marker}] What is the mean of units?", new JsonObject { ["mean_units"] = 7.25 }),
            Question("q-region", $"[region-{marker}] Which region has the most units in total?", new JsonObject { ["top_region"] = "West" }),
            Question("q-count", $"[count-{marker}] How many orders have more than 4 units?", new JsonObject { ["count"] = 3 }));

        var outcome = await EvalProcess.RunAsync(_folder, EvalProcess.Environment(_model, DataDirectory), "questions.jsonl", "--out", "out/results.json");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        // the pandas code really ran in the sandbox and its output went back to the model
        Assert.Contains("mean units: 7.25", ToolResult(mean.Requests[1]), StringComparison.Ordinal);
        Assert.Contains("KeyError", ToolResult(count.Requests[1]), StringComparison.Ordinal);
        Assert.Contains("orders above 4 units: 3", ToolResult(count.Requests[2]), StringComparison.Ordinal);
        Assert.EndsWith("End your answer with one line per result in the form @name[value]: @mean_units[...]. " +
            "Inside the brackets put only the value: a plain number (no units, no thousands separators) or the exact text.",
            LastUserMessage(mean.Requests[0]), StringComparison.Ordinal);

        var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "out", "results.json")))!;
        Assert.Equal(2.0 / 3, results["accuracy"]!.GetValue<double>(), 1e-12);
        var questions = results["questions"]!.AsArray();
        Assert.Equal(["q-mean", "q-region", "q-count"], questions.Select(q => (string)q!["id"]!));
        AssertQuestion(questions[0]!, correct: true, "mean_units", "7.25", steps: 1, selfCorrections: 0, modelCalls: 2);
        AssertQuestion(questions[1]!, correct: false, "top_region", "North", steps: 0, selfCorrections: 0, modelCalls: 1);
        AssertQuestion(questions[2]!, correct: true, "count", "3", steps: 2, selfCorrections: 1, modelCalls: 3);
        Assert.Equal("West", (string)questions[1]!["expected"]!["top_region"]!);
        Assert.Equal(7.25, questions[0]!["expected"]!["mean_units"]!.GetValue<double>());

        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Equal(["id", "correct", "steps", "self-corrections", "tokens", "in", "tokens", "out", "seconds", "status"], Cells(lines[0]));
        Assert.Equal(["q-mean", "✓", "1", "0", "200", "40"], Cells(lines[1])[..6]);
        Assert.Equal(["q-region", "✗", "0", "0", "100", "20"], Cells(lines[2])[..6]);
        Assert.Equal(["q-count", "✓", "2", "1", "300", "60"], Cells(lines[3])[..6]);
        Assert.All(lines[1..4], line => Assert.Equal("completed", Cells(line)[^1]));
        Assert.Equal("Accuracy: 2/3 = 66.7%", lines[4]);
        // progress and logs go to stderr
        Assert.Contains("[3/3] q-count", outcome.Stderr, StringComparison.Ordinal);

        // the sessions were deleted with their workspaces
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "workspaces")), d => !Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public async Task Without_out_only_the_table_is_printed_and_kept_sessions_keep_their_workspace()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        _model.Play($"west-{marker}", new TextTurn("@top_region[West]"));
        await WriteQuestionsAsync(Question("only", $"[west-{marker}] Which region has the most units?", new JsonObject { ["top_region"] = "West" }));

        var outcome = await EvalProcess.RunAsync(_folder, EvalProcess.Environment(_model, DataDirectory), "questions.jsonl", "--keep-sessions");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["only", "✓", "0", "0", "100", "20"], Cells(lines[1])[..6]);
        Assert.Equal("Accuracy: 1/1 = 100.0%", lines[2]);
        Assert.Equal(["data", "questions.jsonl", "tables"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var kept = Assert.Single(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "workspaces")), d => !Path.GetFileName(d).StartsWith('.'));
        Assert.True(Guid.TryParse(Path.GetFileName(kept), out var session));
        Assert.Contains($"[1/1] only: correct (completed), session {session} kept", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_question_file_is_a_usage_error_naming_the_line_and_nothing_runs()
    {
        var before = _model.Requests.Count;
        await File.WriteAllTextAsync(Path.Combine(_folder, "questions.jsonl"),
            Question("fine", "What is the mean of units?", new JsonObject { ["mean_units"] = 7.25 }) + "\n" +
            "{\"id\": \"broken\", \"question\": \n" +
            "{\"id\": \"gone\", \"question\": \"?\", \"files\": [\"tables/missing.csv\"], \"answers\": {\"x\": 1}}\n");

        var outcome = await EvalProcess.RunAsync(_folder, EvalProcess.Environment(_model, DataDirectory), "questions.jsonl", "--out", "results.json");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("questions.jsonl, line 2: not valid JSON", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("questions.jsonl, line 3: the file \"tables/missing.csv\" does not exist", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal("", outcome.Stdout);
        Assert.False(File.Exists(Path.Combine(_folder, "results.json")));
        Assert.False(Directory.Exists(DataDirectory));
        Assert.Equal(before, _model.Requests.Count);
    }

    [Fact]
    public async Task Without_a_model_no_question_can_run_and_the_exit_code_says_so()
    {
        await WriteQuestionsAsync(Question("q", "What is the mean of units?", new JsonObject { ["mean_units"] = 7.25 }));
        var environment = EvalProcess.Environment(_model, DataDirectory);
        environment.Remove("OPENAI_BASE_URL");
        environment.Remove("OPENAI_API_KEY");

        var outcome = await EvalProcess.RunAsync(_folder, environment, "questions.jsonl", "--out", "results.json");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("No language model is configured", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal("", outcome.Stdout);
        Assert.False(File.Exists(Path.Combine(_folder, "results.json")));
    }

    [Fact]
    public async Task An_unavailable_sandbox_stops_the_command_before_any_question()
    {
        var before = _model.Requests.Count;
        await WriteQuestionsAsync(Question("q", "What is the mean of units?", new JsonObject { ["mean_units"] = 7.25 }));

        var outcome = await EvalProcess.RunAsync(_folder, EvalProcess.Environment(_model, DataDirectory), "questions.jsonl", "--out", "results.json",
            "--Sandbox:Provider=Docker", $"--Sandbox:DockerHost=unix://{Path.Combine(_folder, "no-engine.sock")}");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("The sandbox is unavailable: ", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("No question was run.", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal("", outcome.Stdout);
        Assert.False(File.Exists(Path.Combine(_folder, "results.json")));
        Assert.Equal(before, _model.Requests.Count);
    }

    [Fact]
    public async Task A_run_that_fails_counts_as_run_and_wrong_and_settings_after_the_file_reach_the_app()
    {
        await WriteQuestionsAsync(Question("unreachable", "What is the mean of units?", new JsonObject { ["mean_units"] = 7.25 }));
        var environment = EvalProcess.Environment(_model, DataDirectory);
        environment.Remove("OPENAI_BASE_URL");
        // a port on 127.0.0.1 that nothing listens on any more
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var outcome = await EvalProcess.RunAsync(_folder, environment, "questions.jsonl", $"--Llm:Endpoint=http://127.0.0.1:{port}/v1", "--out", "results.json");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        var question = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "results.json")))!["questions"]![0]!;
        Assert.Equal("failed", (string)question["status"]!);
        Assert.False(question["correct"]!.GetValue<bool>());
        Assert.Contains("The model provider 'default' could not be reached", (string)question["error"]!, StringComparison.Ordinal);
        Assert.Empty(question["answers"]!.AsObject());
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["unreachable", "✗", "0", "0", "0", "0"], Cells(lines[1])[..6]);
        Assert.StartsWith("failed: The model provider 'default' could not be reached", string.Join(' ', Cells(lines[1])[7..]), StringComparison.Ordinal);
        Assert.Equal("Accuracy: 0/1 = 0.0%", lines[2]);
    }

    private static void AssertQuestion(JsonNode question, bool correct, string name, string answer, int steps, int selfCorrections, int modelCalls)
    {
        Assert.Equal(correct, question["correct"]!.GetValue<bool>());
        Assert.Equal(new Dictionary<string, string> { [name] = answer }, question["answers"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!));
        Assert.Equal(steps, question["steps"]!.GetValue<int>());
        Assert.Equal(selfCorrections, question["selfCorrections"]!.GetValue<int>());
        // the scripted model reports 100 input and 20 output tokens a call
        Assert.Equal(100 * modelCalls, question["inputTokens"]!.GetValue<long>());
        Assert.Equal(20 * modelCalls, question["outputTokens"]!.GetValue<long>());
        Assert.True(question["seconds"]!.GetValue<double>() > 0);
        Assert.Equal("completed", (string)question["status"]!);
    }

    private static string Question(string id, string question, JsonObject answers) =>
        new JsonObject { ["id"] = id, ["question"] = question, ["files"] = new JsonArray("tables/orders.csv"), ["answers"] = answers }.ToJsonString();

    private Task WriteQuestionsAsync(params string[] lines) =>
        File.WriteAllLinesAsync(Path.Combine(_folder, "questions.jsonl"), lines);

    private static string ToolResult(JsonObject request) =>
        request["messages"]!.AsArray().Last(m => (string?)m!["role"] == "tool")!["content"]!.ToString();

    private static string LastUserMessage(JsonObject request) =>
        request["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.ToString();

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public sealed class ModelFixture : IAsyncLifetime
    {
        public ScriptedOpenAiServer Model { get; private set; } = null!;

        public async Task InitializeAsync() => Model = await ScriptedOpenAiServer.StartAsync();

        public async Task DisposeAsync() => await Model.DisposeAsync();
    }
}
