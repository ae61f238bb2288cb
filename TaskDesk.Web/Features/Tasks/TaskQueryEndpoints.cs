using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>The seed's Task Views under <c>/api/tasks</c>: My Tasks, All Tasks (administrators) and Owned Tickets, paged.</summary>
public static class TaskQueryEndpoints
{
    private const string Paging =
        " Paged: page (from 1), page_size (1–200, default 25; outside that range is a 400, never silently clamped), sort, direction (asc|desc).";

    public static RouteGroupBuilder MapTaskQueryEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tasks").WithTags("Task views").RequireAuthorization();

        group.MapGet("/my-tasks", async ([AsParameters] TaskListParameters parameters, TaskQueryService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(PageResponse<MyTaskResponse>.From(await service.MyTasksAsync(Actor.From(user), parameters.ToQuery(), ct), MyTaskResponse.From)))
            .WithSummary("The caller's assignments, active ones (new, in progress) unless status says otherwise")
            .WithDescription(
                "Filters: status (assignment status codes, comma-separated, or active | all; default active), task_status (task status codes, " +
                "or active | inactive), priority (low, medium, high, critical, urgent), search (ticket number, subject, description). " +
                "sort: sla (default: breached first, then nearest target, then highest priority; tasks on hold after the running ones), assigned_on, target_resolution, priority, ticket_number." + Paging);

        group.MapGet("/all-tasks", async ([AsParameters] AllTasksParameters parameters, TaskQueryService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(PageResponse<TaskResponse>.From(await service.AllTasksAsync(Actor.From(user), parameters.ToQuery(), ct), TaskResponse.From)))
            .RequireAuthorization(Policies.Administrator)
            .WithSummary("Every task by tab: active (default), inactive, unassigned")
            .WithDescription(
                "Filters: tab, search (ticket number, subject, description), role (role name of an active assignment), priority. " +
                "sort: created_at (default, newest first), updated_at, target_resolution, priority, ticket_number, status." + Paging);

        group.MapGet("/owned-tickets", async ([AsParameters] OwnedTicketsParameters parameters, TaskQueryService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(PageResponse<TaskResponse>.From(await service.OwnedTicketsAsync(Actor.From(user), parameters.ToQuery(), ct), TaskResponse.From)))
            .WithSummary("The tasks whose Ticket Coordinator is the caller, every status unless status says otherwise")
            .WithDescription(
                "Filters: status (task status codes, comma-separated, or active | inactive | all), priority, search (ticket number, subject, description). " +
                "sort: created_at (default, newest first), updated_at, target_resolution, priority, ticket_number, status." + Paging);

        return api;
    }

    /// <summary>A whole number from the query string, or a 400 naming the parameter (rather than a bare binding failure).</summary>
    private static int? Number(string? text, string parameter) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new DomainValidationException(parameter, $"{parameter} '{text}' is not a whole number.");

    private static DateTime? Utc(DateTimeOffset? at) => at?.UtcDateTime;

    private static string Code(SlaState state) => state switch
    {
        SlaState.OnTrack => "on_track",
        SlaState.Breached => "breached",
        SlaState.Paused => "paused",
        _ => "none",
    };

    public sealed record TaskListParameters(
        string? Search,
        string? Status,
        [FromQuery(Name = "task_status")] string? TaskStatus,
        string? Priority,
        string? Page,
        [FromQuery(Name = "page_size")] string? PageSize,
        string? Sort,
        string? Direction)
    {
        public TaskListQuery ToQuery() => new()
        {
            Search = Search,
            Status = Status,
            TaskStatus = TaskStatus,
            Priority = Priority,
            Page = Number(Page, "page"),
            PageSize = Number(PageSize, "page_size"),
            Sort = Sort,
            Direction = Direction,
        };
    }

    public sealed record OwnedTicketsParameters(
        string? Search,
        string? Status,
        string? Priority,
        string? Page,
        [FromQuery(Name = "page_size")] string? PageSize,
        string? Sort,
        string? Direction)
    {
        public TaskListQuery ToQuery() => new()
        {
            Search = Search,
            Status = Status,
            Priority = Priority,
            Page = Number(Page, "page"),
            PageSize = Number(PageSize, "page_size"),
            Sort = Sort,
            Direction = Direction,
        };
    }

    public sealed record AllTasksParameters(
        string? Tab,
        string? Search,
        string? Role,
        string? Priority,
        string? Page,
        [FromQuery(Name = "page_size")] string? PageSize,
        string? Sort,
        string? Direction)
    {
        public AllTasksQuery ToQuery() => new()
        {
            Tab = Tab,
            Search = Search,
            Role = Role,
            Priority = Priority,
            Page = Number(Page, "page"),
            PageSize = Number(PageSize, "page_size"),
            Sort = Sort,
            Direction = Direction,
        };
    }

    public sealed record PageResponse<T>(int Count, int Page, int PageSize, IReadOnlyList<T> Results)
    {
        public static PageResponse<T> From<TRow>(PagedResult<TRow> page, Func<TRow, T> map) =>
            new(page.Count, page.Page, page.PageSize, page.Results.Select(map).ToList());
    }

    public sealed record TicketResponse(string TicketNumber, string Subject, string Priority)
    {
        public static TicketResponse From(TaskRowTicket t) => new(t.TicketNumber, t.Subject, t.Priority.ToCode());
    }

    public sealed record WorkflowRefResponse(int WorkflowId, string Name)
    {
        public static WorkflowRefResponse From(TaskRowWorkflow w) => new(w.WorkflowId, w.Name);
    }

    public sealed record StepRefResponse(int StepId, string Name);

    public sealed record UserRefResponse(int UserId, string? DisplayName);

    public sealed record MyTaskTaskResponse(int TaskId, string Status, StepRefResponse CurrentStep, TicketResponse Ticket, WorkflowRefResponse Workflow);

    public sealed record MyTaskResponse(
        int TaskItemId,
        MyTaskTaskResponse Task,
        string Role,
        string Step,
        string Status,
        string Origin,
        DateTime AssignedOn,
        DateTime? TargetResolution,
        string SlaState)
    {
        public static MyTaskResponse From(MyTaskRow r) => new(
            r.TaskItemId,
            new MyTaskTaskResponse(r.Task.TaskId, r.Task.Status.ToCode(), new StepRefResponse(r.Task.CurrentStepId, r.Task.CurrentStepName), TicketResponse.From(r.Task.Ticket), WorkflowRefResponse.From(r.Task.Workflow)),
            r.Role,
            r.Step,
            r.Status.ToCode(),
            r.Origin.ToString(),
            r.AssignedOn.UtcDateTime,
            Utc(r.TargetResolution),
            Code(r.Sla));
    }

    /// <summary>An active assignment of the current step; <c>user_id</c> and <c>display_name</c> are null while it is unassigned.</summary>
    public sealed record AssigneeResponse(int TaskItemId, int? UserId, string? DisplayName, string Role, string Status);

    public sealed record TaskResponse(
        int TaskId,
        TicketResponse Ticket,
        WorkflowRefResponse Workflow,
        string Status,
        StepRefResponse CurrentStep,
        UserRefResponse? Coordinator,
        IReadOnlyList<AssigneeResponse> Assignees,
        DateTime? TargetResolution,
        string SlaState,
        DateTime CreatedAt,
        DateTime UpdatedAt)
    {
        public static TaskResponse From(TaskListRow r) => new(
            r.TaskId,
            TicketResponse.From(r.Ticket),
            WorkflowRefResponse.From(r.Workflow),
            r.Status.ToCode(),
            new StepRefResponse(r.CurrentStepId, r.CurrentStepName),
            r.CoordinatorUserId is { } id ? new UserRefResponse(id, r.CoordinatorDisplayName) : null,
            r.Assignees.Select(a => new AssigneeResponse(a.TaskItemId, a.UserId, a.DisplayName, a.Role, a.Status.ToCode())).ToList(),
            Utc(r.TargetResolution),
            Code(r.Sla),
            r.CreatedAt.UtcDateTime,
            r.UpdatedAt.UtcDateTime);
    }
}
