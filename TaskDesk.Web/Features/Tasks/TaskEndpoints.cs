using System.Security.Claims;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks;

public sealed record TransitionRequest(int? TransitionId, string? Notes);

public sealed record TransferRequest(int? TaskItemId, int? NewUserId, string? Notes);

public sealed record EscalateRequest(int? TaskItemId, string? Reason);

public sealed record ReasonRequest(string? Reason);

public sealed record StepRef(int StepId, string Name);

public sealed record TaskSummaryResponse(int TaskId, StepRef CurrentStep, string Status);

/// <summary>The seed's transition answer: <c>{"success", "task": {...}, "message"}</c>.</summary>
public sealed record TaskActionResponse(bool Success, TaskSummaryResponse Task, string Message)
{
    public static TaskActionResponse From(TaskMoved moved, string message) =>
        new(true, new TaskSummaryResponse(moved.TaskId, new StepRef(moved.CurrentStepId, moved.CurrentStepName), moved.Status.ToCode()), message);
}

public sealed record TaskItemResponse(int TaskItemId, int TaskId, int? UserId, int RoleId, string Role, StepRef AssignedOnStep, string Origin, string Status, string Notes, DateTimeOffset AssignedOn, DateTimeOffset? TargetResolution)
{
    public static TaskItemResponse From(TaskItemView i) =>
        new(i.TaskItemId, i.TaskId, i.UserId, i.RoleId, i.RoleName, new StepRef(i.StepId, i.StepName), i.Origin.ToString(), i.Status.ToCode(), i.Notes, i.AssignedOn, i.TargetResolution);
}

/// <summary>The seed's task actions (transition, transfer, escalate) plus start, hold, resume, cancel, and a task's details.</summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/transitions/{taskId:int}/transition", async (int taskId, TransitionRequest body, TaskService tasks, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var transitionId = body.TransitionId ?? throw new DomainValidationException("transition_id", "transition_id is required.");
            var moved = await tasks.TransitionAsync(Actor.From(user), taskId, transitionId, body.Notes, ct);
            var message = moved.Status == WorkTaskStatus.Completed ? $"Task completed at {moved.CurrentStepName}" : $"Task transitioned to {moved.CurrentStepName}";
            return TypedResults.Ok(TaskActionResponse.From(moved, message));
        }).WithTags("Tasks").RequireAuthorization().WithSummary("Move a task along a transition leaving its current step");

        var group = api.MapGroup("/tasks").WithTags("Tasks").RequireAuthorization();

        group.MapGet("/{taskId:int}", async (int taskId, TaskDetails details, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await details.GetAsync(Actor.From(user), taskId, ct)))
            .WithSummary("A task with its ticket, assignments and history (its assignees, coordinator and administrators)");

        group.MapPost("/transfer", async (TransferRequest body, TaskService tasks, ClaimsPrincipal user, CancellationToken ct) =>
        {
            RequireFields(("task_item_id", body.TaskItemId), ("new_user_id", body.NewUserId));
            var created = await tasks.TransferAsync(Actor.From(user), body.TaskItemId!.Value, body.NewUserId!.Value, body.Notes, ct);
            return TypedResults.Ok(TaskItemResponse.From(created));
        }).WithSummary("Transfer an assignment to another member of its role (administrators and the task's coordinator)");

        group.MapPost("/escalate", async (EscalateRequest body, TaskService tasks, ClaimsPrincipal user, CancellationToken ct) =>
        {
            RequireFields(("task_item_id", body.TaskItemId));
            var created = await tasks.EscalateAsync(Actor.From(user), body.TaskItemId!.Value, body.Reason, ct);
            return TypedResults.Ok(TaskItemResponse.From(created));
        }).WithSummary("Escalate an assignment to its step's escalation role");

        MapMove(group, "start", "Start working on a task (its assignee)", (tasks, actor, id, _, ct) => tasks.StartAsync(actor, id, ct));
        MapMove(group, "hold", "Put a task on hold, with a reason", (tasks, actor, id, reason, ct) => tasks.HoldAsync(actor, id, reason, ct));
        MapMove(group, "resume", "Resume a task on hold", (tasks, actor, id, reason, ct) => tasks.ResumeAsync(actor, id, reason, ct));
        MapMove(group, "cancel", "Cancel a task no one has started, with a reason (coordinator or administrator)", (tasks, actor, id, reason, ct) => tasks.CancelAsync(actor, id, reason, ct));
        return api;
    }

    private static void MapMove(RouteGroupBuilder group, string action, string summary, Func<TaskService, Actor, int, string?, CancellationToken, Task<TaskMoved>> move) =>
        group.MapPost($"/{{taskId:int}}/{action}", async (int taskId, ReasonRequest? body, TaskService tasks, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var moved = await move(tasks, Actor.From(user), taskId, body?.Reason, ct);
            return TypedResults.Ok(TaskActionResponse.From(moved, $"Task is {moved.Status.ToCode()}"));
        }).WithSummary(summary);

    private static void RequireFields(params (string Field, int? Value)[] fields)
    {
        var missing = fields.Where(f => f.Value is null).Select(f => ValidationIssue.Field(f.Field, $"{f.Field} is required.")).ToList();
        if (missing.Count > 0)
        {
            throw new DomainValidationException(missing);
        }
    }
}
