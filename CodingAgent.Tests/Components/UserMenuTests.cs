using Bunit;
using CodingAgent.Core.Users;
using CodingAgent.Web.Auth;
using CodingAgent.Web.Components.Layout;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>The top bar's user menu: the signed-in address and a sign-out form with an antiforgery token; nothing in mode None.</summary>
public sealed class UserMenuTests : BunitContext
{
    public UserMenuTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgeryStateProvider("fixed-token"));
    }

    [Fact]
    public void A_signed_in_user_sees_their_address_and_a_sign_out_form_posting_to_signout_with_an_antiforgery_token()
    {
        var user = new CurrentUser("id-1", "ada@example.test", UserRoles.Analyst);

        var cut = Render<UserMenu>(p => p.AddCascadingValue(State(AppClaims.Principal(user, AuthSchemes.Cookie))));

        Assert.Equal("ada@example.test", cut.Find("[data-testid=user-email]").TextContent);
        var form = cut.Find("[data-testid=signout-form]");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/signout", form.GetAttribute("action"));
        Assert.Equal("fixed-token", form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.Equal("submit", cut.Find("[data-testid=signout]").GetAttribute("type"));
    }

    [Fact]
    public void The_local_user_of_mode_None_gets_no_menu() =>
        Assert.Empty(Render<UserMenu>(p => p.AddCascadingValue(State(AppClaims.Principal(CurrentUser.Local, AuthSchemes.LocalUser)))).FindAll("[data-testid=user-menu]"));

    [Fact]
    public void Nobody_signed_in_gets_no_menu() =>
        Assert.Empty(Render<UserMenu>(p => p.AddCascadingValue(State(new System.Security.Claims.ClaimsPrincipal()))).FindAll("[data-testid=user-menu]"));

    private static Task<AuthenticationState> State(System.Security.Claims.ClaimsPrincipal principal) => Task.FromResult(new AuthenticationState(principal));

}
