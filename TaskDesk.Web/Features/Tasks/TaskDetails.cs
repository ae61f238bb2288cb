using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks;

public sealed record TaskDetailsView(
    int TaskId,
    TaskTicketView Ticket,
    int WorkflowId,
    string WorkflowName,
    int VersionNumber,
    WorkTaskStatus Status,
    int CurrentStepId,
    string CurrentStepName,
    int? CoordinatorUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? TargetResolution,
    DateTimeOffset? CompletedAt,
    string HoldReason,
    string CancelReason,
    int Revision,
    IReadOnlyList<DefinitionEdge> AvailableTransitions,
    IReadOnlyList<TaskItemDetailsView> Items,
    IReadOnlyList<TaskActivityView> Activities);

public sealed record TaskTicketView(string TicketNumber, string Subject, string Description, string Department, string Category, string SubCategory, TicketPriority Priority, string RequesterName, string RequesterEmail, DateTimeOffset SubmittedAt);

/// <param name="TransferredToUserId">Whom a reassigned assignment went to.</param>
public sealed record TaskItemDetailsView(TaskItemView Item, DateTimeOffset? ActedOn, IReadOnlyList<TaskItemHistoryView> History, int? TransferredToUserId);

public sealed record TaskItemHistoryView(AssignmentStatus Status, int? ByUserId, string Note, DateTimeOffset At);

public sealed record TaskActivityView(TaskActivityKind Kind, int? ByUserId, string Note, int? FromStepId, int? ToStepId, DateTimeOffset At);

/// <summary>
/// A task as its page shows it: the details, the version it follows (to draw), the display names of everyone its
/// history mentions, and what the viewer can do now.
/// </summary>
public sealed record TaskPageView(TaskDetailsView Details, WorkflowDefinition Definition, IReadOnlyDictionary<int, string> UserNames, TaskAbilities Abilities)
{
    public string UserName(int? userId) => userId is not { } id ? "TaskDesk" : UserNames.TryGetValue(id, out var name) ? name : $"user {id}";
}

/// <summary>One task with its ticket, assignments and whole history, for the people who work or watch it.</summary>
public sealed class TaskDetails(IDbContextFactory<TaskDeskDbContext> contexts, VersionDefinitions definitions)
{
    public async Task<TaskDetailsView> GetAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await LoadAsync(db, actor, taskId, ct)).View;
    }

    /// <summary>The same task, authorized the same way, with what its page needs besides.</summary>
    public async Task<TaskPageView> GetPageAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (task, view, definition) = await LoadAsync(db, actor, taskId, ct);
        var mentioned = task.Items.SelectMany(i => i.History.Select(h => h.ByUserId).Append(i.UserId).Append(i.TransferredToUserId))
            .Concat(task.Activities.Select(a => a.ByUserId))
            .Append(task.CoordinatorUserId)
            .OfType<int>()
            .Distinct()
            .ToList();
        var names = await db.Users.AsNoTracking().Where(u => EF.Parameter(mentioned).Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return new TaskPageView(view, definition, names, TaskAbilities.Of(actor, task, definition));
    }

    /// <summary>Whether any of these notifications of the user is about the task (a page of it then reloads).</summary>
    public async Task<bool> AnyNotificationAboutAsync(int userId, int taskId, IReadOnlyCollection<long> notificationIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Notifications.AnyAsync(n => EF.Parameter(notificationIds).Contains(n.Id) && n.UserId == userId && n.TaskId == taskId, ct);
    }

    private async Task<(WorkTask Task, TaskDetailsView View, WorkflowDefinition Definition)> LoadAsync(TaskDeskDbContext db, Actor actor, int taskId, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking()
            .Include(t => t.Items).ThenInclude(i => i.History)
            .Include(t => t.Activities)
            .AsSplitQuery()
            .SingleOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new DomainNotFoundException($"Task {taskId} does not exist.");
        if (!TaskAccess.MaySee(actor, task))
        {
            throw new AccessDeniedException($"Task {taskId} is not yours: only its assignees, its coordinator and administrators may see it.");
        }

        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == task.TicketId, ct);
        var workflow = await db.Workflows.Where(w => w.Id == task.WorkflowId).Select(w => w.Name).SingleAsync(ct);
        var versionNumber = await db.WorkflowVersions.Where(v => v.Id == task.WorkflowVersionId).Select(v => v.Number).SingleAsync(ct);
        var definition = await definitions.GetAsync(db, task.WorkflowVersionId, ct);
        var open = task.Status is WorkTaskStatus.Pending or WorkTaskStatus.InProgress;

        var view = new TaskDetailsView(
            task.Id,
            new TaskTicketView(ticket.TicketNumber, ticket.Subject, ticket.Description, ticket.Department, ticket.Category, ticket.SubCategory, ticket.Priority, ticket.RequesterName, ticket.RequesterEmail, ticket.SubmittedAt),
            task.WorkflowId,
            workflow,
            versionNumber,
            task.Status,
            task.CurrentStepId,
            task.CurrentStepName,
            task.CoordinatorUserId,
            task.CreatedAt,
            task.TargetResolution,
            task.CompletedAt,
            task.HoldReason,
            task.CancelReason,
            task.Revision,
            open ? definition.EdgesFrom(task.CurrentStepId).ToList() : [],
            task.Items.OrderBy(i => i.AssignedOn).ThenBy(i => i.Id)
                .Select(i => new TaskItemDetailsView(TaskItemView.From(i), i.ActedOn, i.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new TaskItemHistoryView(h.Status, h.ByUserId, h.Note, h.At)).ToList(), i.TransferredToUserId))
                .ToList(),
            task.Activities.OrderBy(a => a.At).ThenBy(a => a.Id).Select(a => new TaskActivityView(a.Kind, a.ByUserId, a.Note, a.FromStepId, a.ToStepId, a.At)).ToList());
        return (task, view, definition);
    }
}
