using System.Net;
using System.Text.Json.Nodes;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// A fresh app and database per test, signed in as an administrator, with the seed's roles
/// (role_id 1 Agent, 2 IT Technician, 3 Manager) so the seed's bodies apply verbatim.
/// </summary>
/// <remarks>Runs on every database: see <see cref="TestPostgres"/>.</remarks>
[Trait("Category", TestPostgres.Integration)]
public abstract class ApiTest : IAsyncLifetime
{
    protected ApiTest()
    {
        App = CreateApp();
    }

    protected TaskDeskApp App { get; }

    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>A fresh token for the administrator, e.g. after a test moved the clock past the old one's lifetime.</summary>
    protected async Task SignInAgainAsync() => Admin = await App.AdminClientAsync();

    /// <summary>The app under test; a test class that needs another setup (a clock it moves) overrides this.</summary>
    protected virtual TaskDeskApp CreateApp() => new();

    public virtual async Task InitializeAsync()
    {
        Admin = await App.AdminClientAsync();
        foreach (var name in new[] { "Agent", "IT Technician", "Manager" })
        {
            var response = await Admin.PostAsync("/api/roles", Json.Body(new JsonObject { ["name"] = name }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public virtual Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    protected static JsonObject SeedBody() => JsonNode.Parse(Json.File("seed-create-workflow.json"))!.AsObject();

    protected async Task<JsonNode> CreateWorkflowAsync(JsonNode body, string query = "")
    {
        var response = await Admin.PostAsync("/api/workflows" + query, Json.Body(body));
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    protected async Task<int> CreateSeedWorkflowAsync(string? name = null)
    {
        var body = SeedBody();
        if (name is not null)
        {
            body["workflow"]!["name"] = name;
        }

        return (int)(await CreateWorkflowAsync(body))["workflow"]!["workflow_id"]!;
    }

    protected async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string url, JsonNode? body = null)
    {
        var response = await Admin.PostAsync(url, body is null ? null : Json.Body(body));
        return (response.StatusCode, await Json.ReadAsync(response));
    }

    protected async Task<(HttpStatusCode Status, JsonNode Body)> PutAsync(string url, JsonNode body)
    {
        var response = await Admin.PutAsync(url, Json.Body(body));
        return (response.StatusCode, await Json.ReadAsync(response));
    }

    protected async Task<JsonNode> GetAsync(string url)
    {
        var response = await Admin.GetAsync(url);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {json}");
        return json;
    }

    protected async Task<string> StatusOfAsync(int workflowId) => (string)(await GetAsync($"/api/workflows/{workflowId}"))["workflow"]!["status"]!;

    protected async Task MoveAsync(int workflowId, params string[] actions)
    {
        foreach (var action in actions)
        {
            var (status, body) = await PostAsync($"/api/workflows/{workflowId}/{action}");
            Assert.True(status == HttpStatusCode.OK, $"{action}: {(int)status} {body}");
        }
    }
}
