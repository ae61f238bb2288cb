using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data.Identity;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.ApiKeys;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

public sealed class ApiKeyTests : ApiTest
{
    [Fact]
    public async Task Create_AnswersTheSecretOnce_TheListShowsNeitherSecretNorHash()
    {
        var (status, created) = await PostAsync("/api/api-keys", new JsonObject { ["name"] = "  Monitoring  " });
        var secret = (string)created["key"]!;

        var listResponse = await Admin.GetAsync("/api/api-keys");
        var listText = await listResponse.Content.ReadAsStringAsync();
        var listed = JsonNode.Parse(listText)!.AsArray().Single()!;

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True((int)created["api_key_id"]! > 0);
        Assert.Equal("Monitoring", (string)created["name"]!);
        Assert.StartsWith("tdk_", secret, StringComparison.Ordinal);
        Assert.Equal(secret[..12], (string)created["prefix"]!);
        Assert.Equal(HttpStatusCode.OK, listResponse.StatusCode);
        Assert.Equal((int)created["api_key_id"]!, (int)listed["api_key_id"]!);
        Assert.Equal(secret[..12], (string)listed["prefix"]!);
        Assert.True((bool)listed["is_active"]!);
        Assert.Null(listed["last_used_at"]);
        Assert.Null(listed["key"]);
        Assert.Null(listed["hash"]);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey.HashOf(secret), listText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_StoresTheHashAndNotTheSecret()
    {
        var (id, secret) = await CreateKeyAsync("Mail gateway");

        await using var db = App.CreateDbContext();
        var stored = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == id);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // The table's name quoted as the provider quotes it (PostgreSQL folds unquoted names to lower case).
        command.CommandText = $"SELECT * FROM {db.GetService<ISqlGenerationHelper>().DelimitIdentifier("ApiKeys")}";
        var cells = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    cells.Add(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "");
                }
            }
        }

        Assert.Equal(ApiKey.HashOf(secret), stored.Hash);
        Assert.DoesNotContain(cells, cell => cell.Contains(secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Create_WithoutAName_Is400NamingName(string? name)
    {
        var (status, problem) = await PostAsync("/api/api-keys", new JsonObject { ["name"] = name });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["name"], Json.ErrorKeys(problem));
        Assert.Empty((await GetAsync("/api/api-keys")).AsArray());
    }

    [Fact]
    public async Task Create_WithANameOver100Characters_Is400NamingName()
    {
        var (status, problem) = await PostAsync("/api/api-keys", new JsonObject { ["name"] = new string('k', ApiKey.NameMaxLength + 1) });
        var (fits, _) = await PostAsync("/api/api-keys", new JsonObject { ["name"] = new string('k', ApiKey.NameMaxLength) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["name"], Json.ErrorKeys(problem));
        Assert.Equal(HttpStatusCode.Created, fits);
    }

    [Fact]
    public async Task Revoke_Twice_IsNoContentBothTimes_AndTheKeyShowsRevoked()
    {
        var (id, _) = await CreateKeyAsync("Old system");

        var first = await Admin.DeleteAsync($"/api/api-keys/{id}");
        var revokedAt = (string?)(await GetAsync("/api/api-keys")).AsArray().Single()!["revoked_at"];
        var second = await Admin.DeleteAsync($"/api/api-keys/{id}");
        var listed = (await GetAsync("/api/api-keys")).AsArray().Single()!;

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.NotNull(revokedAt);
        Assert.False((bool)listed["is_active"]!);
        Assert.Equal(revokedAt, (string?)listed["revoked_at"]);
    }

    [Fact]
    public async Task Revoke_AnUnknownKey_Is404()
    {
        var response = await Admin.DeleteAsync("/api/api-keys/999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found", (string)(await Json.ReadAsync(response))["title"]!);
    }

    [Fact]
    public async Task AnApiKey_CannotUseTheAdministrationApi()
    {
        var (_, secret) = await CreateKeyAsync("Monitoring");
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, secret);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/workflows")).StatusCode);
    }

    [Fact]
    public async Task Authenticate_WithTheKeyInXApiKey_SucceedsAsTheKey()
    {
        var (id, secret) = await CreateKeyAsync("Monitoring");

        var result = await AuthenticateAsync(request => request.Headers[ApiKeyAuthentication.HeaderName] = secret);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var principal = result.Principal!;
        Assert.True(principal.Identity!.IsAuthenticated);
        Assert.Equal($"apikey:{id}", principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("Monitoring", principal.Identity.Name);
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), principal.FindFirstValue(ApiKeyAuthentication.KeyIdClaim));
        Assert.Equal(id, ApiKeyAuthentication.KeyIdOf(principal));
        Assert.False(principal.IsInRole(AppRoles.Administrator));
        // A key is not a user: services that act for a person refuse it.
        Assert.Throws<NotSignedInException>(() => Actor.From(principal));
    }

    [Fact]
    public async Task Authenticate_WithTheKeyInTheAuthorizationHeader_Succeeds()
    {
        var (id, secret) = await CreateKeyAsync("Monitoring");

        var result = await AuthenticateAsync(request => request.Headers.Authorization = $"ApiKey {secret}");

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(id, ApiKeyAuthentication.KeyIdOf(result.Principal!));
    }

    [Fact]
    public async Task Authenticate_RecordsLastUse_AtMostOnceAMinute()
    {
        var (id, secret) = await CreateKeyAsync("Monitoring");

        Assert.True((await AuthenticateAsync(request => request.Headers[ApiKeyAuthentication.HeaderName] = secret)).Succeeded);
        var firstUse = await LastUsedAtAsync(id);
        Assert.True((await AuthenticateAsync(request => request.Headers[ApiKeyAuthentication.HeaderName] = secret)).Succeeded);
        var secondUse = await LastUsedAtAsync(id);

        Assert.NotNull(firstUse);
        Assert.InRange(firstUse.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(firstUse, secondUse);
        Assert.NotNull((await GetAsync("/api/api-keys")).AsArray().Single()!["last_used_at"]);
    }

    [Fact]
    public async Task Authenticate_WithARevokedKey_Fails()
    {
        var (id, secret) = await CreateKeyAsync("Old system");
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/api-keys/{id}")).StatusCode);

        var result = await AuthenticateAsync(request => request.Headers[ApiKeyAuthentication.HeaderName] = secret);

        Assert.False(result.Succeeded);
        Assert.Contains("revoked", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Null(await LastUsedAtAsync(id));
    }

    [Theory]
    [InlineData("tdk_000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    public async Task Authenticate_WithAnUnknownKey_Fails(string presented)
    {
        var (_, secret) = await CreateKeyAsync("Monitoring");

        var result = await AuthenticateAsync(request => request.Headers[ApiKeyAuthentication.HeaderName] = presented);
        var prefixOnly = await AuthenticateAsync(request => request.Headers[ApiKeyAuthentication.HeaderName] = secret[..12]);

        Assert.NotNull(result.Failure);
        Assert.NotNull(prefixOnly.Failure);
    }

    [Fact]
    public async Task Authenticate_WithoutAKeyHeader_HasNoResult_SoOtherSchemesCanAnswer()
    {
        await CreateKeyAsync("Monitoring");

        var nothing = await AuthenticateAsync(_ => { });
        var bearer = await AuthenticateAsync(request => request.Headers.Authorization = "Bearer something");

        Assert.True(nothing.None);
        Assert.True(bearer.None);
    }

    [Fact]
    public async Task TicketIntakePolicy_AdmitsAnApiKeyAndAnAdministrator_NotAnotherUser()
    {
        var (_, secret) = await CreateKeyAsync("Monitoring");
        await App.CreateUserAsync("agent@tests.local");
        var keyPrincipal = (await AuthenticateAsync(request => request.Headers[ApiKeyAuthentication.HeaderName] = secret)).Principal!;
        var agent = await UserPrincipalAsync("agent@tests.local");
        var admin = await UserPrincipalAsync(TaskDeskApp.AdminEmail);
        // The claim only counts when the API key scheme issued it.
        agent.AddIdentity(new ClaimsIdentity([new Claim(ApiKeyAuthentication.KeyIdClaim, "1")], IdentityConstants.ApplicationScheme));
        var authorization = App.Service<IAuthorizationService>();

        Assert.True((await authorization.AuthorizeAsync(keyPrincipal, Policies.TicketIntake)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(admin, Policies.TicketIntake)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(agent, Policies.TicketIntake)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(keyPrincipal, Policies.Administrator)).Succeeded);
    }

    [Fact]
    public async Task TicketIntakePolicy_ThroughItsSchemes_AuthenticatesAKey_AndChallengesARevokedOrMissingOne()
    {
        var (id, secret) = await CreateKeyAsync("Monitoring");
        var policy = (await App.Service<IAuthorizationPolicyProvider>().GetPolicyAsync(Policies.TicketIntake))!;
        var schemes = App.Service<IAuthenticationSchemeProvider>();

        var withKey = await EvaluateAsync(policy, request => request.Headers[ApiKeyAuthentication.HeaderName] = secret);
        var withoutKey = await EvaluateAsync(policy, _ => { });
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/api-keys/{id}")).StatusCode);
        var withRevokedKey = await EvaluateAsync(policy, request => request.Headers[ApiKeyAuthentication.HeaderName] = secret);

        foreach (var scheme in policy.AuthenticationSchemes)
        {
            Assert.NotNull(await schemes.GetSchemeAsync(scheme));
        }

        Assert.Contains((await schemes.GetDefaultAuthenticateSchemeAsync())!.Name, policy.AuthenticationSchemes);
        Assert.True(withKey.Succeeded);
        Assert.True(withoutKey.Challenged);
        Assert.True(withRevokedKey.Challenged);
    }

    private async Task<(int Id, string Secret)> CreateKeyAsync(string name)
    {
        var (status, created) = await PostAsync("/api/api-keys", new JsonObject { ["name"] = name });
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {created}");
        return ((int)created["api_key_id"]!, (string)created["key"]!);
    }

    private async Task<AuthenticateResult> AuthenticateAsync(Action<HttpRequest> present)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        present(context.Request);
        return await context.AuthenticateAsync(ApiKeyAuthentication.Scheme);
    }

    private async Task<PolicyAuthorizationResult> EvaluateAsync(AuthorizationPolicy policy, Action<HttpRequest> present)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        present(context.Request);
        var evaluator = scope.ServiceProvider.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        return await evaluator.AuthorizeAsync(policy, authentication, context, resource: null);
    }

    /// <summary>The principal Identity signs this user in with.</summary>
    private async Task<ClaimsPrincipal> UserPrincipalAsync(string email)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(email))!);
    }

    private async Task<DateTimeOffset?> LastUsedAtAsync(int id)
    {
        await using var db = App.CreateDbContext();
        return await db.ApiKeys.AsNoTracking().Where(k => k.Id == id).Select(k => k.LastUsedAt).SingleAsync();
    }
}
