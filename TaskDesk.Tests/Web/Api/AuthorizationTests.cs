using System.Net;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

/// <summary>
/// Who may call the administration API. One app serves the whole class (<see cref="OneApp"/>): every case only reads
/// or is refused, and an app per case made this class, at 60 cases, the slowest of the suite on PostgreSQL.
/// </summary>
[Trait("Category", TestPostgres.Integration)]
public sealed class AuthorizationTests(AuthorizationTests.OneApp shared) : IClassFixture<AuthorizationTests.OneApp>
{
    private readonly TaskDeskApp _app = shared.App;

    public static TheoryData<string, string> AdministrationEndpoints => new()
    {
        { "GET", "/api/workflows" },
        { "POST", "/api/workflows" },
        { "GET", "/api/workflows/1" },
        { "DELETE", "/api/workflows/1" },
        { "PUT", "/api/workflows/1/update-details" },
        { "PUT", "/api/workflows/1/update-graph" },
        { "GET", "/api/workflows/1/graph" },
        { "POST", "/api/workflows/1/deploy" },
        { "POST", "/api/workflows/1/initialize" },
        { "POST", "/api/workflows/1/pause" },
        { "POST", "/api/workflows/1/edit" },
        { "POST", "/api/workflows/1/clone" },
        { "POST", "/api/workflows/1/archive" },
        { "GET", "/api/workflows/1/versions" },
        { "GET", "/api/workflows/1/versions/1" },
        { "GET", "/api/roles" },
        { "POST", "/api/roles" },
        { "POST", "/api/roles/1/members" },
        { "PUT", "/api/roles/1/members/1" },
        { "DELETE", "/api/roles/1/members/1" },
        { "GET", "/api/users" },
        { "POST", "/api/users" },
        { "GET", "/api/api-keys" },
        { "POST", "/api/api-keys" },
        { "DELETE", "/api/api-keys/1" },
        { "GET", "/api/end-logic" },
        { "POST", "/api/end-logic/1/retry" },
    };

    [Theory]
    [MemberData(nameof(AdministrationEndpoints))]
    public async Task Anonymous_Is401(string method, string url)
    {
        var response = await _app.CreateClient().SendAsync(Request(method, url));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdministrationEndpoints))]
    public async Task SignedInNonAdministrator_Is403(string method, string url)
    {
        var response = await shared.Agent.SendAsync(Request(method, url));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Administrator_IsLetThrough()
    {
        var client = await _app.AdminClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workflows")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task CookieSignIn_ThroughIdentityEndpoint_AuthenticatesLaterRequests()
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });

        var signIn = await client.PostAsync("/api/auth/login?useCookies=true", Json.Body($$"""{"email": "{{TaskDeskApp.AdminEmail}}", "password": "{{TaskDeskApp.Password}}"}"""));

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workflows")).StatusCode);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site", HttpStatusCode.Forbidden)]
    [InlineData("Sec-Fetch-Site", "same-site", HttpStatusCode.Forbidden)]
    [InlineData("Origin", "https://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("Sec-Fetch-Site", "same-origin", HttpStatusCode.Created)]
    [InlineData("Origin", "http://localhost", HttpStatusCode.Created)]
    public async Task AChangeThroughTheApiWithTheSignInCookie_FromAnotherSitesPage_IsRefused(string header, string value, HttpStatusCode expected)
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var signIn = await client.PostAsync("/api/auth/login?useCookies=true", Json.Body($$"""{"email": "{{TaskDeskApp.AdminEmail}}", "password": "{{TaskDeskApp.Password}}"}"""));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var name = $"Cross-site {header} {value}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/roles") { Content = Json.Body($$"""{"name": "{{name}}"}""") };
        request.Headers.Add(header, value);

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        await using var db = _app.CreateDbContext();
        Assert.Equal(expected == HttpStatusCode.Created, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.WorkflowRoles, r => r.Name == name));
    }

    [Fact]
    public async Task TwoFactorSignIn_WhichTheSignInPageDoesNotAskFor_CannotBeTurnedOn()
    {
        var client = await _app.AdminClientAsync();

        var response = await client.PostAsync("/api/auth/manage/2fa", Json.Body("""{"enable": true, "two_factor_code": "000000"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/manage/info")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsToken_IsRefused_AndTheUserStaysSignedIn()
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        await client.PostAsync("/api/auth/login?useCookies=true", Json.Body($$"""{"email": "{{TaskDeskApp.AdminEmail}}", "password": "{{TaskDeskApp.Password}}"}"""));

        var signOut = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workflows")).StatusCode);
    }

    [Theory]
    [InlineData("/api/auth/register", """{"email": "intruder@evil.example", "password": "Intruder-Pass1!"}""")]
    [InlineData("/api/auth/register/", """{"email": "intruder@evil.example", "password": "Intruder-Pass1!"}""")]
    [InlineData("/api/auth/REGISTER/", """{"email": "intruder@evil.example", "password": "Intruder-Pass1!"}""")]
    [InlineData("/api/auth/forgotPassword/", """{"email": "admin@taskdesk.local"}""")]
    [InlineData("/api/auth/forgotPassword", """{"email": "admin@taskdesk.local"}""")]
    [InlineData("/api/auth/resetPassword", """{"email": "admin@taskdesk.local", "reset_code": "x", "new_password": "Intruder-Pass1!"}""")]
    [InlineData("/api/auth/resendConfirmationEmail", """{"email": "admin@taskdesk.local"}""")]
    public async Task NobodyCreatesAnAccountOrResetsAPasswordThroughIdentitysApi_OnlyAdministratorsDo(string url, string body)
    {
        var response = await _app.CreateClient().PostAsync(url, Json.Body(body));
        var signIn = await _app.CreateClient().PostAsync("/api/auth/login", Json.Body("""{"email": "intruder@evil.example", "password": "Intruder-Pass1!"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        await using var db = _app.CreateDbContext();
        Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, u => u.Email == "intruder@evil.example"));
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_Is401()
    {
        var response = await _app.CreateClient().PostAsync("/api/auth/login", Json.Body($$"""{"email": "{{TaskDeskApp.AdminEmail}}", "password": "wrong"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AdministrationPage_ForAnonymous_RedirectsToSignIn()
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocumentAndItsBrowsableUi_AreServed()
    {
        var client = _app.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");
        var ui = await client.GetAsync("/swagger/index.html");

        Assert.Contains("/api/workflows/{id}/update-graph", document, StringComparison.Ordinal);
        Assert.Contains("/api/roles/{roleId}/members", document, StringComparison.Ordinal);
        Assert.Contains("/api/auth/login", document, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/auth/register", document, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/auth/forgotPassword", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string url) =>
        new(new HttpMethod(method), url) { Content = method is "POST" or "PUT" ? Json.Body("{}") : null };

    /// <summary>The class's app, with an agent (no administrator) signed in.</summary>
    public sealed class OneApp : IAsyncLifetime
    {
        public TaskDeskApp App { get; } = new();

        public HttpClient Agent { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await App.CreateUserAsync("agent@tests.local");
            Agent = await App.ClientForAsync("agent@tests.local");
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }
}
