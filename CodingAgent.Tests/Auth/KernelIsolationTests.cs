using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// Each user's kernels are their own: a kernel belongs to one session and dies with it; the warm pool only hands out
/// kernels that never ran anyone's code (docs/security.md, Kernels and users).
/// </summary>
[Collection("app")]
public sealed class KernelIsolationTests(TwoUsersFixture app) : IClassFixture<TwoUsersFixture>
{
    [Fact]
    public async Task A_new_session_of_another_user_never_gets_a_kernel_that_ran_someone_elses_code()
    {
        // A's live session has a variable; A's deleted session had one too (its kernel is gone, not pooled)
        var deleted = await app.A.CreateSessionAsync();
        app.Model.Play("define the deleted secret", new ToolCallTurn("deleted_secret_of_a = 42\nprint('defined')"), new TextTurn("Defined."));
        Assert.Contains("defined", (await app.A.QueryAsync(deleted, "define the deleted secret")).Stdout());
        Assert.Equal(HttpStatusCode.NoContent, (await app.A.DeleteAsync(new Uri($"/api/sessions/{deleted}", UriKind.Relative))).StatusCode);

        var outputs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            // several new sessions of B, so that warm kernels (and any a deleted session could have left) are handed out
            var session = await app.B.CreateSessionAsync();
            var question = $"look for A's variables {i}";
            app.Model.Play(question,
                new ToolCallTurn("print(sorted(n for n in globals() if 'secret' in n or n in ('df', 'fig')))"),
                new TextTurn("Looked."));
            outputs.Add((await app.B.QueryAsync(session, question)).Stdout());
            var variables = await app.B.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/variables");
            Assert.DoesNotContain("secret", variables.GetRawText(), StringComparison.Ordinal);
        }

        Assert.All(outputs, output => Assert.Equal("[]", output.Trim()));
        // A's own kernel still has A's variable: the kernels were different ones
        app.Model.Play("A still has the secret", new ToolCallTurn("print(secret_of_a)"), new TextTurn("Yes."));
        Assert.Contains("only A", (await app.A.QueryAsync(app.Session, "A still has the secret")).Stdout());
    }
}
