using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// The app in <c>Auth:Mode</c> Local with two analysts and a viewer (each with a token). User A owns a session with an
/// uploaded CSV, a finished run that made a chart, and a dashboard with that chart pinned.
/// </summary>
public sealed class TwoUsersFixture : LocalModeFixture
{
    public const string FileName = "amounts.csv";
    public const string Question = "ownership chart of amounts";
    public const string SessionTitle = "Owner A's amounts";

    public string UserA { get; private set; } = "";
    public string UserB { get; private set; } = "";
    public string Viewer { get; private set; } = "";
    public string EmailA { get; } = "a-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
    public string EmailB { get; } = "b-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
    public string EmailViewer { get; } = "v-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
    public Guid TokenA { get; private set; }
    public HttpClient A { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;
    public HttpClient ViewerClient { get; private set; } = null!;

    public Guid Session { get; private set; }
    public Guid Run { get; private set; }
    public Guid Chart { get; private set; }
    public Guid Dashboard { get; private set; }
    public Guid Tile { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UserA = await CreateUserAsync(EmailA);
        UserB = await CreateUserAsync(EmailB);
        Viewer = await CreateUserAsync(EmailViewer, UserRoles.Viewer);
        var tokenA = await IssueTokenAsync(UserA);
        TokenA = tokenA.Id;
        A = ClientWithToken(tokenA.Token);
        B = ClientWithToken((await IssueTokenAsync(UserB)).Token);
        ViewerClient = ClientWithToken((await IssueTokenAsync(Viewer)).Token);

        Session = await A.CreateSessionAsync(SessionTitle);
        using (var upload = await A.UploadAsync(Session, FileName, Encoding.UTF8.GetBytes("region,amount\nnorth,1\nsouth,2\n")))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        Model.Play(Question,
            new ToolCallTurn("import pandas as pd\nimport plotly.express as px\nsecret_of_a = 'only A'\ndf = pd.read_csv('amounts.csv')"),
            new ToolCallTurn("fig = px.bar(df, x='region', y='amount', title='Amounts')\nfig.show()"),
            new TextTurn("Here is the chart."));
        var events = await A.QueryAsync(Session, Question);
        Assert.Equal("completed", events.Single(e => e.Name == "done").Data.GetProperty("status").GetString());
        Run = events[0].Data.GetProperty("runId").GetGuid();
        Chart = events.Single(e => e.Name == "artifact").Data.GetProperty("id").GetGuid();

        using var dashboard = await A.PostAsJsonAsync("/api/dashboards", new { name = "A's board" });
        Assert.Equal(HttpStatusCode.Created, dashboard.StatusCode);
        Dashboard = (await dashboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var pin = await A.PostAsJsonAsync($"/api/dashboards/{Dashboard}/tiles", new { artifactId = Chart });
        Assert.Equal(HttpStatusCode.Created, pin.StatusCode);
        Tile = (await pin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public override async Task DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        ViewerClient.Dispose();
        await base.DisposeAsync();
    }
}
