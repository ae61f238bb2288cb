using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Tasks;

namespace TaskDesk.Web.Features.EndLogicRuns;

/// <summary>
/// What TaskDesk posts to the asset or budget system when a ticket's task completes (decision 0010 shows an example).
/// Written in snake_case; times are ISO 8601 in UTC.
/// </summary>
public sealed record EndLogicPayload(
    string Event,
    string EndLogic,
    int TaskId,
    string TaskUrl,
    EndLogicPayload.TicketPart Ticket,
    EndLogicPayload.WorkflowPart Workflow,
    EndLogicPayload.Person? Coordinator,
    DateTimeOffset CreatedAt,
    DateTimeOffset CompletedAt,
    IReadOnlyList<EndLogicPayload.StepPart> Steps,
    IReadOnlyList<EndLogicPayload.ActivityPart> Activities)
{
    public const string CompletedEvent = "ticket_completed";

    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Reads the completed task's ticket, version, assignments and history from <paramref name="db"/>.</summary>
    public static async Task<EndLogicPayload> BuildAsync(TaskDeskDbContext db, WorkTask task, VersionDefinitions definitions, string taskUrl, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(k => k.Id == task.TicketId, ct);
        var versionNumber = await db.WorkflowVersions.Where(v => v.Id == task.WorkflowVersionId).Select(v => v.Number).SingleAsync(ct);
        var definition = await definitions.GetAsync(db, task.WorkflowVersionId, ct);
        var items = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == task.Id).OrderBy(i => i.Id).ToListAsync(ct);
        var activities = await db.TaskActivities.AsNoTracking().Where(a => a.TaskId == task.Id).OrderBy(a => a.Id).ToListAsync(ct);

        var userIds = items.Select(i => i.UserId).Concat(activities.Select(a => a.ByUserId)).Append(task.CoordinatorUserId).OfType<int>().Distinct().ToList();
        var people = await db.Users.Where(u => EF.Parameter(userIds).Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new Person(u.Id, u.DisplayName, u.Email ?? ""), ct);
        Person? PersonOf(int? id) => id is { } known && people.TryGetValue(known, out var person) ? person : null;
        string? StepName(int? stepId) => stepId is { } id ? definition.Nodes.SingleOrDefault(n => n.StepId == id)?.Name : null;

        return new EndLogicPayload(
            CompletedEvent,
            task.EndLogic,
            task.Id,
            taskUrl,
            new TicketPart(
                ticket.TicketNumber, ticket.Subject, ticket.Description, ticket.Priority.ToCode(), ticket.Department, ticket.Category, ticket.SubCategory,
                new Person(null, ticket.RequesterName, ticket.RequesterEmail), ticket.SubmittedAt.ToUniversalTime()),
            new WorkflowPart(task.WorkflowId, definition.Workflow.Name, versionNumber),
            PersonOf(task.CoordinatorUserId),
            task.CreatedAt.ToUniversalTime(),
            (task.CompletedAt ?? task.UpdatedAt).ToUniversalTime(),
            items.Select(i => new StepPart(
                i.AssignedOnStepId, i.StepName, i.RoleName, PersonOf(i.UserId), Code(i.Origin.ToString()), i.Status.ToCode(), i.AssignedOn.ToUniversalTime(), i.ActedOn?.ToUniversalTime(), i.Notes)).ToList(),
            activities.Select(a => new ActivityPart(
                Code(a.Kind.ToString()), a.At.ToUniversalTime(), PersonOf(a.ByUserId), StepName(a.FromStepId), StepName(a.ToStepId), a.Note)).ToList());
    }

    private static string Code(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <summary>A person: a TaskDesk user (with their id), or the ticket's requester (no id).</summary>
    public sealed record Person(int? UserId, string Name, string Email);

    public sealed record TicketPart(
        string TicketNumber, string Subject, string Description, string Priority, string Department, string Category, string SubCategory, Person Requester, DateTimeOffset SubmittedAt);

    /// <summary>The workflow as the task ran it: the name and number of the version the task was bound to.</summary>
    public sealed record WorkflowPart(int WorkflowId, string Name, int Version);

    /// <summary>One assignment of a step, in the order they were made.</summary>
    public sealed record StepPart(
        int StepId, string StepName, string Role, Person? Assignee, string Origin, string Status, DateTimeOffset AssignedOn, DateTimeOffset? ActedOn, string Notes);

    /// <summary>One line of the task's own history: created, started, transitioned, held, resumed, completed, ...</summary>
    public sealed record ActivityPart(string Kind, DateTimeOffset At, Person? By, string? FromStep, string? ToStep, string Note);
}
