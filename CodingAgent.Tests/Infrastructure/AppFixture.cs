using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// The real app (SQLite, filesystem blobs, bubblewrap sandbox) pointed at the scripted model, on its own data folder;
/// <paramref name="services"/> may replace services after the app's own registrations.
/// </summary>
public sealed class CodingAgentFactory(
    string dataDirectory, string modelUrl, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("CODINGAGENT_DATA_DIR", DataDirectory);
        builder.UseSetting("Llm:Endpoint", modelUrl);
        builder.UseSetting("Llm:ApiKey", ScriptedOpenAiServer.ApiKey);
        builder.UseSetting("Llm:Model", "scripted");
        builder.UseSetting("Sandbox:ExecutionTimeoutSeconds", "20");
        builder.UseSetting("Files:MaxUploadMb", "5");
        // dozens of test apps, most of which never profile: no worker started ahead of a first file
        builder.UseSetting("Profiling:WarmWorkerAtStart", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}

/// <summary>One scripted model server and one app for a test class; the app can be restarted on the same data.</summary>
public class AppFixture : IAsyncLifetime
{
    public ScriptedOpenAiServer Model { get; private set; } = null!;
    public CodingAgentFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "codingagent-tests-" + Guid.NewGuid().ToString("N"));

    public virtual async Task InitializeAsync()
    {
        Model = await ScriptedOpenAiServer.StartAsync();
        StartApp();
    }

    public async Task RestartAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await AppData.WaitUntilReleasedAsync(DataDirectory);
        StartApp();
    }

    /// <summary>Settings of the app besides the test defaults (the sandbox backend, for one).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Replaces or adds services after the app's own registrations (a log capture, for one).</summary>
    protected virtual Action<IServiceCollection>? Services => null;

    /// <summary>The host path of a session's workspace, for a test to inspect (the app itself never hands it out).</summary>
    public string WorkspacePath(Guid sessionId) => Path.Combine(DataDirectory, "workspaces", sessionId.ToString("N"));

    private void StartApp()
    {
        Factory = new CodingAgentFactory(DataDirectory, Model.BaseUrl, Settings, Services);
        Client = Factory.CreateClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Model.DisposeAsync();
        try
        {
            await AppData.DeleteAsync(DataDirectory);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>One server-sent event: its name, its JSON data and its id (the event's sequence number in the run).</summary>
public sealed record SseEvent(string Name, JsonElement Data, long? Id = null);

public static class ApiClientExtensions
{
    public static async Task<Guid> CreateSessionAsync(this HttpClient client, string? title = null)
    {
        var response = await client.PostAsJsonAsync("/api/sessions", new { title });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetGuid();
    }

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid sessionId, string name, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", name);
        return await client.PostAsync($"/api/sessions/{sessionId}/files", form);
    }

    /// <summary>All stdout of a run's events, concatenated.</summary>
    public static string Stdout(this IEnumerable<SseEvent> events) =>
        string.Concat(events.Where(e => e.Name == "stdout").Select(e => e.Data.GetProperty("text").GetString()));

    /// <summary>Posts a question and reads the whole event stream.</summary>
    public static async Task<List<SseEvent>> QueryAsync(this HttpClient client, Guid sessionId, string message, Action<SseEvent>? onEvent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/query") { Content = JsonContent.Create(new { message }) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await ReadEventsAsync(await response.Content.ReadAsStreamAsync(), onEvent);
    }

    public static async Task<List<SseEvent>> ReadEventsAsync(Stream stream, Action<SseEvent>? onEvent = null)
    {
        var events = new List<SseEvent>();
        using var reader = new StreamReader(stream);
        string? name = null;
        long? id = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
            {
                var e = new SseEvent(name, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone(), id);
                id = null;
                events.Add(e);
                onEvent?.Invoke(e);
                if (name == "done")
                {
                    break;
                }
            }
        }
        return events;
    }
}
