using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// The seed's world, ready to take tickets: roles Agent (1), IT Technician (2), Manager (3), Ticket Coordinator (4),
/// members in each, the seed's workflow (Triage by IT Technician → Resolution by Manager → Verification) initialized,
/// and an API key for posting tickets as another system would.
/// </summary>
public abstract class RuntimeTest : ApiTest
{
    protected const int AgentRole = 1;
    protected const int TechnicianRole = 2;
    protected const int ManagerRole = 3;
    protected const int CoordinatorRole = 4;

    protected Dictionary<string, int> UserIds { get; } = [];

    protected int WorkflowId { get; private set; }

    protected HttpClient Integration { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (created, _) = await PostAsync("/api/roles", new JsonObject { ["name"] = "Ticket Coordinator" });
        Assert.Equal(HttpStatusCode.Created, created);

        foreach (var (email, roleId) in new[]
                 {
                     ("tina@tests.local", TechnicianRole), ("theo@tests.local", TechnicianRole),
                     ("mia@tests.local", ManagerRole), ("max@tests.local", ManagerRole),
                     ("cora@tests.local", CoordinatorRole), ("cole@tests.local", CoordinatorRole),
                     ("ava@tests.local", AgentRole),
                 })
        {
            UserIds[email] = await App.CreateUserAsync(email);
            await AddMemberAsync(roleId, UserIds[email]);
        }

        WorkflowId = await CreateSeedWorkflowAsync();
        await MoveAsync(WorkflowId, "deploy", "initialize");

        var (keyStatus, key) = await PostAsync("/api/api-keys", new JsonObject { ["name"] = "Helpdesk portal" });
        Assert.Equal(HttpStatusCode.Created, keyStatus);
        Integration = App.CreateClient();
        Integration.DefaultRequestHeaders.Add("X-Api-Key", (string)key["key"]!);
    }

    protected async Task AddMemberAsync(int roleId, int userId)
    {
        var (status, body) = await PostAsync($"/api/roles/{roleId}/members", new JsonObject { ["user_id"] = userId });
        Assert.True(status == HttpStatusCode.Created, body.ToJsonString());
    }

    /// <summary>Takes a member of a role out of rotation (or back in), as an administrator does on Roles &amp; users.</summary>
    protected async Task SetMemberActiveAsync(int roleId, string email, bool isActive)
    {
        var (status, body) = await PutAsync($"/api/roles/{roleId}/members/{UserIds[email]}", new JsonObject { ["is_active"] = isActive });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
    }

    protected static JsonObject TicketBody(string number, string priority = "high", string department = "IT", string category = "Technology", string subCategory = "Support Request") => new()
    {
        ["ticket_number"] = number,
        ["subject"] = "Laptop not working",
        ["description"] = "The screen stays black after the update.",
        ["department"] = department,
        ["category"] = category,
        ["sub_category"] = subCategory,
        ["priority"] = priority,
        ["requester_name"] = "Riley Requester",
        ["requester_email"] = "riley@example.org",
    };

    /// <summary>Posts a ticket with the API key and waits for the intake job to finish with it.</summary>
    protected async Task<JsonNode> TakeInAsync(JsonObject ticket)
    {
        var response = await Integration.PostAsync("/api/tickets", Json.Body(ticket));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await WaitForIntakeAsync((string)ticket["ticket_number"]!);
    }

    /// <summary>
    /// Waits until the intake job has matched the ticket or kept it as unmatched. A ticket still waiting after a minute fails
    /// the test here, with the app's log and job counts, rather than later as an empty screen that explains nothing.
    /// </summary>
    protected async Task<JsonNode> WaitForIntakeAsync(string number)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var state = await Json.ReadAsync(await Integration.GetAsync($"/api/tickets/{number}"));
            if ((string?)state["state"] != "received")
            {
                return state;
            }

            Assert.True(
                DateTime.UtcNow < deadline,
                $"The intake of {number} did not finish within a minute: {state.ToJsonString()}{Environment.NewLine}{JobsReport()}{Environment.NewLine}{App.Log.Text}");
            await Task.Delay(50);
        }
    }

    protected async Task<int> TaskIdOfAsync(JsonObject ticket)
    {
        var state = await TakeInAsync(ticket);
        Assert.True((string?)state["state"] == "matched", state.ToJsonString() + Environment.NewLine + App.Log.Text + Environment.NewLine + JobsReport());
        return (int)state["task"]!["task_id"]!;
    }

    /// <summary>What the app's job storage holds, to explain a ticket that was never processed.</summary>
    protected string JobsReport()
    {
        var monitor = App.Service<Hangfire.JobStorage>().GetMonitoringApi();
        var stats = monitor.GetStatistics();
        var failed = monitor.FailedJobs(0, 5).Select(j => $"{j.Key}: {j.Value.ExceptionType} {j.Value.ExceptionMessage}");
        return $"jobs: enqueued {stats.Enqueued}, scheduled {stats.Scheduled}, processing {stats.Processing}, succeeded {stats.Succeeded}, failed {stats.Failed}, servers {stats.Servers}; "
            + string.Join("; ", failed);
    }

    protected async Task<JsonNode> TaskAsync(int taskId) => await GetAsync($"/api/tasks/{taskId}");

    /// <summary>The user the task's active assignment of the current step went to.</summary>
    protected async Task<(string Email, int TaskItemId)> CurrentAssigneeAsync(int taskId)
    {
        var task = await TaskAsync(taskId);
        var item = task["items"]!.AsArray().Select(i => i!["item"]!).Single(i => (string)i["status"]! is "new" or "in progress" && (int)i["step_id"]! == (int)task["current_step_id"]!);
        var userId = (int)item["user_id"]!;
        return (UserIds.Single(p => p.Value == userId).Key, (int)item["task_item_id"]!);
    }

    protected Task<HttpClient> ClientAsync(string email) => App.ClientForAsync(email);

    /// <summary>An administrator moves the task along its first available transition, step after step, until it completes.</summary>
    protected async Task CompleteAsync(int taskId)
    {
        while (await TaskAsync(taskId) is var task && (string)task["status"]! != "completed")
        {
            var next = (int)task["available_transitions"]![0]!["transition_id"]!;
            var (status, body) = await PostAsync($"/api/transitions/{taskId}/transition", new JsonObject { ["transition_id"] = next, ["notes"] = "Done here." });
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }
    }

    /// <summary>
    /// Writes probe notifications for the user until one is relayed: the relay starts from the highest id it finds at start-up,
    /// so only then is it known to be past its first look, and past every notification written before the probe (it hands them
    /// on in the order of their ids). Returns the id of the probe that came through.
    /// </summary>
    protected async Task<long> RelayIsLiveAsync(string email)
    {
        var userId = UserIds[email];
        var probes = new ConcurrentQueue<long>();
        using var listening = App.Service<NotificationFeed>().Subscribe(userId, ids =>
        {
            foreach (var id in ids)
            {
                probes.Enqueue(id);
            }

            return Task.CompletedTask;
        });
        for (var attempt = 1; ; attempt++)
        {
            long probe;
            await using (var db = App.CreateDbContext())
            {
                var row = new Notification(userId, TaskEventKind.NewAssignment, 0, null, "PROBE", "Probe", "Is the relay live?", DateTimeOffset.UtcNow);
                db.Notifications.Add(row);
                await db.SaveChangesAsync();
                probe = row.Id;
            }

            try
            {
                await Wait.UntilAsync(() => probes.Contains(probe), $"probe {probe}", seconds: 3);
                return probe;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 20)
            {
                // Written before the relay's first look: write another.
            }
        }
    }
}
