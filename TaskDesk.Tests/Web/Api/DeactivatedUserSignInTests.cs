using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data.Identity;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Account;

namespace TaskDesk.Tests.Web.Api;

/// <summary>An open page (a Blazor circuit) checks its user again: a deactivated user's page signs out at the next check.</summary>
public sealed class DeactivatedUserSignInTests : ApiTest
{
    [Fact]
    public void OpenPagesAndCookies_AreCheckedAgainWithinFiveMinutes()
    {
        using var scope = App.Services.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        Assert.IsType<IdentityRevalidatingAuthenticationStateProvider>(provider);
        Assert.True(SignInRevalidation.Interval <= TimeSpan.FromMinutes(5));
        Assert.Equal(SignInRevalidation.Interval, App.Service<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
    }

    [Fact]
    public async Task Deactivate_EndsAnOpenPagesSignIn_AtItsNextCheck()
    {
        var userId = await App.CreateUserAsync("open-page@tests.local");
        var principal = await PrincipalOfAsync("open-page@tests.local");
        using var scope = App.Services.CreateScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        Assert.True(await provider.IsStillValidAsync(principal));

        var (deactivated, _) = await PostAsync($"/api/users/{userId}/deactivate");

        Assert.Equal(HttpStatusCode.OK, deactivated);
        Assert.False(await provider.IsStillValidAsync(principal));
    }

    [Fact]
    public async Task SetPassword_EndsAnOpenPagesSignIn_AtItsNextCheck()
    {
        var userId = await App.CreateUserAsync("open-page@tests.local");
        var principal = await PrincipalOfAsync("open-page@tests.local");
        using var scope = App.Services.CreateScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        var (set, _) = await PutAsync($"/api/users/{userId}/password", new System.Text.Json.Nodes.JsonObject { ["password"] = "Brand-new-2" });

        Assert.Equal(HttpStatusCode.OK, set);
        Assert.False(await provider.IsStillValidAsync(principal));
    }

    private async Task<ClaimsPrincipal> PrincipalOfAsync(string email)
    {
        using var scope = App.Services.CreateScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.UserManager.FindByEmailAsync(email);
        return await signIn.CreateUserPrincipalAsync(user!);
    }
}
