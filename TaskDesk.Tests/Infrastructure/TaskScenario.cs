using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>A workflow that takes tickets, with the version new tasks bind to.</summary>
public sealed record RunningWorkflow(int WorkflowId, int VersionId, WorkflowDefinition Definition);

/// <summary>
/// Builds tickets and tasks through the domain (<see cref="Ticket"/>, <see cref="WorkTask.Create"/>,
/// <see cref="WorkTask.Transition"/>) on the app's real database, over workflows created and initialized through the API.
/// </summary>
public sealed class TaskScenario(TaskDeskApp app, HttpClient admin)
{
    private int _tickets;

    /// <summary>Creates, deploys and initializes a workflow from the seed's body (with <paramref name="change"/> applied).</summary>
    public async Task<RunningWorkflow> InitializeWorkflowAsync(JsonObject body, Action<JsonObject>? change = null)
    {
        change?.Invoke(body);
        var created = await admin.PostAsync("/api/workflows", Json.Body(body));
        var json = await Json.ReadAsync(created);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {json}");
        var workflowId = (int)json["workflow"]!["workflow_id"]!;
        foreach (var action in new[] { "deploy", "initialize" })
        {
            var moved = await admin.PostAsync($"/api/workflows/{workflowId}/{action}", null);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, $"{action}: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
        }

        await using var db = app.CreateDbContext();
        var versionId = await db.Workflows.Where(w => w.Id == workflowId).Select(w => w.ActiveVersionId!.Value).SingleAsync();
        var definition = (await db.WorkflowVersions.SingleAsync(v => v.Id == versionId)).ReadDefinition();
        return new RunningWorkflow(workflowId, versionId, definition);
    }

    /// <summary>A ticket and its task created at <paramref name="at"/>; the start step goes to <paramref name="assignee"/> (null: unassigned).</summary>
    public async Task<int> AddTaskAsync(
        RunningWorkflow workflow, string subject, TicketPriority priority, DateTimeOffset at, int? coordinator, int? assignee,
        string description = "", string? ticketNumber = null)
    {
        await using var db = app.CreateDbContext();
        var number = ticketNumber ?? $"TX{at:yyyyMMdd}{Interlocked.Increment(ref _tickets):D6}";
        var ticket = new Ticket(new TicketContent(number, subject, description, "IT", "Technology", "Support Request", priority, "Requester", "requester@tests.local", at), at);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();

        var task = WorkTask.Create(ticket, workflow.WorkflowId, workflow.VersionId, workflow.Definition, coordinator, assignee, at);
        ticket.MarkMatched();
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    }

    /// <summary>Moves a task along the single transition that leaves its current step.</summary>
    public async Task TransitionAsync(RunningWorkflow workflow, int taskId, int byUserId, int? nextAssignee, DateTimeOffset at)
    {
        await using var db = app.CreateDbContext();
        var task = await db.Tasks.Include(t => t.Items).SingleAsync(t => t.Id == taskId);
        var edge = workflow.Definition.EdgesFrom(task.CurrentStepId).Single();
        task.Transition(workflow.Definition, edge.TransitionId, "moved on", byUserId, nextAssignee, at);
        await db.SaveChangesAsync();
    }

    /// <summary>Follows the transitions until the task reaches the end step and is completed.</summary>
    public async Task CompleteAsync(RunningWorkflow workflow, int taskId, int byUserId, DateTimeOffset at)
    {
        while (await StatusOfAsync(taskId) != WorkTaskStatus.Completed)
        {
            await TransitionAsync(workflow, taskId, byUserId, byUserId, at);
        }
    }

    public async Task<WorkTaskStatus> StatusOfAsync(int taskId)
    {
        await using var db = app.CreateDbContext();
        return await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync();
    }
}
