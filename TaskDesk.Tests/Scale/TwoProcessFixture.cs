using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskDesk.Data;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Scale;

/// <summary>
/// Two TaskDesk processes, A and B, started at the same moment on one fresh PostgreSQL database, both running jobs:
/// the SLA scan and the email sweep every two seconds, live notifications relayed every 200 ms, email to a real SMTP
/// server. Roles, users, the seed's workflow (urgent tickets: 20 seconds in all, 4 for triage) and an API key are set
/// up through A; then <see cref="TicketsPerProcess"/> tickets are posted to each process at once.
/// </summary>
public sealed class TwoProcessFixture : IAsyncLifetime
{
    public const int TicketsPerProcess = 12;
    public const string PublicHost = "taskdesk.scale.test";

    public static readonly string[] Technicians = ["tina@tests.local", "theo@tests.local", "tom@tests.local"];
    public static readonly string[] Coordinators = ["cora@tests.local", "cole@tests.local"];

    private readonly string _database = $"taskdesk_scale_{Guid.NewGuid():N}"[..30];
    private readonly string _server = TestPostgres.RequiredServer;
    private ServiceProvider? _data;

    public TaskDeskProcess A { get; private set; } = null!;

    public TaskDeskProcess B { get; private set; } = null!;

    public SmtpServerFixture Smtp { get; } = new();

    public string ConnectionString => TestPostgres.ConnectionString(_server, _database);

    public Dictionary<string, int> UserIds { get; } = [];

    public IReadOnlyList<string> TicketNumbers { get; private set; } = [];

    public string ApiKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        TestPostgres.CreateDatabaseIfMissing(_server, _database);
        _data = new ServiceCollection().AddTaskDeskData(DatabaseProvider.PostgreSql, ConnectionString).BuildServiceProvider();
        await Smtp.StartAsync();

        var environment = new Dictionary<string, string>
        {
            ["TaskDesk__Database__Provider"] = "PostgreSql",
            ["TaskDesk__Database__ConnectionString"] = ConnectionString,
            ["TaskDesk__SeedDemoData"] = "false",
            ["TaskDesk__Bootstrap__AdminEmail"] = TaskDeskApp.AdminEmail,
            ["TaskDesk__Bootstrap__AdminPassword"] = TaskDeskApp.Password,
            ["TaskDesk__PublicUrl"] = $"http://{PublicHost}",
            ["TaskDesk__Sla__ScanCron"] = "*/2 * * * * *",
            ["TaskDesk__Email__SweepCron"] = "*/2 * * * * *",
            ["TaskDesk__Notifications__RelayInterval"] = "00:00:00.200",
            ["TaskDesk__Smtp__Host"] = Smtp.Host,
            ["TaskDesk__Smtp__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["TaskDesk__Smtp__Security"] = "None",
            ["TaskDesk__Smtp__From"] = "desk@taskdesk.scale.test",
            ["Logging__LogLevel__TaskDesk.Web.Features.Notifications.NotificationRelay"] = "Debug",
        };

        // Both at once, as a scaled-out deployment restarts: start-up work (migrations, the first administrator, the job
        // tables) must run in one of them at a time.
        A = TaskDeskProcess.Start("A", environment);
        B = TaskDeskProcess.Start("B", environment);
        await Task.WhenAll(A.WaitUntilReadyAsync(), B.WaitUntilReadyAsync());

        using var admin = await SignedInAsync(A, TaskDeskApp.AdminEmail);
        var roles = new Dictionary<string, int>();
        foreach (var role in new[] { "IT Technician", "Manager", "Ticket Coordinator" })
        {
            roles[role] = (int)(await PostAsync(admin, "/api/roles", new JsonObject { ["name"] = role }))["role_id"]!;
        }

        foreach (var (email, role) in Technicians.Select(e => (e, "IT Technician"))
                     .Concat(Coordinators.Select(e => (e, "Ticket Coordinator")))
                     .Append(("mia@tests.local", "Manager")))
        {
            var user = await PostAsync(admin, "/api/users", new JsonObject { ["email"] = email, ["display_name"] = email.Split('@')[0], ["password"] = TaskDeskApp.Password });
            UserIds[email] = (int)user["user_id"]!;
            await PostAsync(admin, $"/api/roles/{roles[role]}/members", new JsonObject { ["user_id"] = UserIds[email] });
        }

        var workflow = JsonNode.Parse(Json.File("seed-create-workflow.json"))!.AsObject();
        workflow["workflow"]!["urgent_sla"] = "00:00:20";
        foreach (var node in workflow["graph"]!["nodes"]!.AsArray())
        {
            node!["role_id"] = (string)node["name"]! == "Resolution" ? roles["Manager"] : roles["IT Technician"];
        }

        var workflowId = (int)(await PostAsync(admin, "/api/workflows", workflow))["workflow"]!["workflow_id"]!;
        await PostAsync(admin, $"/api/workflows/{workflowId}/deploy");
        await PostAsync(admin, $"/api/workflows/{workflowId}/initialize");
        ApiKey = (string)(await PostAsync(admin, "/api/api-keys", new JsonObject { ["name"] = "Helpdesk portal" }))["key"]!;

        var numbers = Enumerable.Range(1, TicketsPerProcess * 2).Select(i => $"TX-SCALE-{i:000}").ToList();
        using var intoA = IntegrationClient(A);
        using var intoB = IntegrationClient(B);
        var posted = await Task.WhenAll(numbers.Select((number, i) => (i % 2 == 0 ? intoA : intoB).PostAsync("/api/tickets", Json.Body(Ticket(number)))));
        Assert.All(posted, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        await Task.WhenAll(numbers.Select(number => WaitForIntakeAsync(intoB, number)));
        TicketNumbers = numbers;
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        Smtp.Dispose();
        if (_data is not null)
        {
            await _data.DisposeAsync();
        }

        TestPostgres.DropDatabase(_server, _database);
    }

    public TaskDeskDbContext CreateDbContext() => _data!.GetRequiredService<IDbContextFactory<TaskDeskDbContext>>().CreateDbContext();

    public static JsonObject Ticket(string number) => new()
    {
        ["ticket_number"] = number,
        ["subject"] = "Laptop not working",
        ["description"] = "The screen stays black after the update.",
        ["department"] = "IT",
        ["category"] = "Technology",
        ["sub_category"] = "Support Request",
        ["priority"] = "urgent",
        ["requester_name"] = "Riley Requester",
        ["requester_email"] = "riley@example.org",
    };

    public HttpClient IntegrationClient(TaskDeskProcess process)
    {
        var client = process.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>A client with a bearer token from the process's <c>/api/auth/login</c>.</summary>
    public static async Task<HttpClient> SignedInAsync(TaskDeskProcess process, string email)
    {
        var client = process.Client();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = TaskDeskApp.Password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {email} on {process.Name}: {(int)response.StatusCode}");
        var token = (string)(await Json.ReadAsync(response))["access_token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonNode> PostAsync(HttpClient client, string url, JsonNode? body = null)
    {
        var response = await client.PostAsync(url, body is null ? null : Json.Body(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    public static async Task<JsonNode> WaitForIntakeAsync(HttpClient client, string number)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var state = await Json.ReadAsync(await client.GetAsync($"/api/tickets/{number}"));
            if ((string?)state["state"] is { } value && value != "received")
            {
                Assert.True(value == "matched", $"ticket {number}: {state.ToJsonString()}");
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, $"ticket {number} was never taken in: {state.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>How many jobs of the given class Hangfire has run to success, in either process.</summary>
    public Task<long> SucceededJobsAsync(string jobClass) =>
        ScalarAsync($"SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND invocationdata::text LIKE '%{jobClass}%'");

    /// <summary>How many Hangfire servers (processes) have run at least one job.</summary>
    public Task<long> ServersThatRanJobsAsync() =>
        ScalarAsync("SELECT count(DISTINCT data::jsonb ->> 'ServerId') FROM hangfire.state WHERE name = 'Processing'");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
