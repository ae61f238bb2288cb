using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>
/// The task inboxes (the seed's Task Views): My Tasks, All Tasks and Owned Tickets. Read-only, paged, sorted and
/// filtered in SQL so the screens' server-side grids and the API share one implementation that stays fast on a large
/// database: each call is one count query and one page query over projections, never whole aggregates.
/// Filters and sorts arrive as the API's codes so that both callers are validated the same way.
/// </summary>
public sealed class TaskQueryService(IDbContextFactory<TaskDeskDbContext> contexts, TimeProvider clock)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>
    /// Up to this many matching tasks a search's matches lead the All Tasks page (see <see cref="Searched"/>): found
    /// through the (TicketId, Status, CreatedAt) index and sorted, they cost about 1.3 ms a thousand on SQLite at 100,000
    /// tasks, where walking the tab newest first past the open tasks costs 35–50 ms whatever the matches (decision 0014).
    /// </summary>
    private const int FewMatches = 10_000;

    private static readonly string[] MyTaskSorts = ["sla", "assigned_on", "target_resolution", "priority", "ticket_number"];
    private static readonly string[] Tabs = ["active", "inactive", "unassigned"];
    private static readonly string[] TaskSorts = ["created_at", "updated_at", "target_resolution", "priority", "ticket_number", "status"];

    private static readonly AssignmentStatus[] ActiveAssignment = [AssignmentStatus.New, AssignmentStatus.InProgress];

    private static readonly WorkTaskStatus[] ClosedTask = [WorkTaskStatus.Completed, WorkTaskStatus.Cancelled];

    // Every status that is not closed, so that "not closed" and "open" are the same rows whatever statuses are added.
    private static readonly WorkTaskStatus[] OpenTask = [.. Enum.GetValues<WorkTaskStatus>().Except(ClosedTask)];

    /// <summary>My Tasks without a search, compiled per shape of its filters and sort.</summary>
    private static readonly CompiledShapes<MyTaskSource, MyTaskRow> MyTasksShapes = new();

    /// <summary>The task lists' counts and page ids without a search, compiled per list, tab, filters and sort.</summary>
    private static readonly CompiledShapes<WorkTask, int> TaskPageShapes = new();

    // A page's rows, compiled once: the coordinator's name and the current step's assignees ride along (a correlated
    // subquery and a LEFT JOIN on the page's rows), not one query per row. The ids go as one parameter (a JSON array on
    // SQLite, an array on PostgreSQL; see the providers' parameterized collection mode): as one parameter per id, EF Core
    // would generate this statement's SQL again on every call instead of taking it from its cache (see EnumFilters).
    // SQL Server keeps EF Core's default, one parameter per id (decision 0014, eleventh pass).
    private static readonly Func<TaskDeskDbContext, int[], DateTimeOffset, IAsyncEnumerable<TaskListRow>> PageRows =
        EF.CompileAsyncQuery((TaskDeskDbContext db, int[] ids, DateTimeOffset now) =>
                from t in db.Tasks.AsNoTracking()
                where ids.Contains(t.Id)
                join k in db.Tickets on t.TicketId equals k.Id
                join w in db.Workflows on t.WorkflowId equals w.Id
                select new TaskListRow(
                    t.Id,
                    new TaskRowTicket(k.TicketNumber, k.Subject, t.Priority),
                    new TaskRowWorkflow(w.Id, w.Name),
                    t.Status,
                    t.CurrentStepId,
                    t.CurrentStepName,
                    t.CoordinatorUserId,
                    db.Users.Where(u => u.Id == t.CoordinatorUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    db.TaskItems
                        .Where(i => i.TaskId == t.Id && i.AssignedOnStepId == t.CurrentStepId && (i.Status == AssignmentStatus.New || i.Status == AssignmentStatus.InProgress))
                        .OrderBy(i => i.Id)
                        .Select(i => new TaskRowAssignee(i.Id, i.UserId, db.Users.Where(u => u.Id == i.UserId).Select(u => u.DisplayName).FirstOrDefault(), i.RoleName, i.Status, i.RoleId))
                        .ToList(),
                    t.TargetResolution,
                    SlaOf(t.Status == WorkTaskStatus.Pending || t.Status == WorkTaskStatus.InProgress || t.Status == WorkTaskStatus.OnHold, t.Status == WorkTaskStatus.OnHold, t.TargetResolution, now),
                    t.CreatedAt,
                    t.UpdatedAt));

    /// <summary>
    /// The actor's own assignments. <see cref="TaskListQuery.Status"/> filters the assignment's status (default
    /// <c>active</c> = new and in progress; <c>all</c> for every one); <see cref="TaskListQuery.TaskStatus"/> the task's.
    /// The default sort (<c>sla</c>) puts breached assignments first, then the nearest target, then the highest priority.
    /// </summary>
    public async Task<PagedResult<MyTaskRow>> MyTasksAsync(Actor actor, TaskListQuery query, CancellationToken ct = default)
    {
        var issues = new List<ValidationIssue>();
        var itemStatuses = Codes(query.Status, "status", Enum.GetValues<AssignmentStatus>(), s => s.ToCode(), new() { ["active"] = ActiveAssignment }, issues, ActiveAssignment);
        var taskStatuses = TaskStatusCodes(query.TaskStatus, "task_status", issues);
        var priorities = PriorityCodes(query.Priority, issues);
        var (page, pageSize) = Paging(query.Page, query.PageSize, issues);
        var (sort, descending) = Sorting(query.Sort, query.Direction, MyTaskSorts, issues);
        ThrowIfAny(issues);

        // Active assignments are work still to do: a cancelled task's assignment keeps its status (the seed has no status
        // for it) but is nobody's work any more.
        if (taskStatuses is null && itemStatuses is not null && itemStatuses.ToHashSet().SetEquals(ActiveAssignment))
        {
            taskStatuses = OpenTask;
        }

        var args = Arguments(actor, page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var search = SearchTerm(query.Search);
        (IQueryable<MyTaskSource>, IQueryable<MyTaskRow>) Build(ListArguments a) => MyTasksQueries(db, a, search, itemStatuses, taskStatuses, priorities, sort, descending);

        // Without a search (the list every agent opens) the query is compiled, one per shape; a search's terms and plan
        // vary with the text, so it runs as LINQ.
        var key = $"{KeyOf(itemStatuses)}|{KeyOf(taskStatuses)}|{KeyOf(priorities)}|{sort}|{descending}";
        if (search is null && MyTasksShapes.For(db, key, Build) is { } shape)
        {
            var total = await shape.CountAsync(db, args, ct);
            return new PagedResult<MyTaskRow>(await shape.PageAsync(db, args, ct), total, page, pageSize);
        }

        var (counted, rows) = Build(args);
        var count = await counted.CountAsync(ct);
        return new PagedResult<MyTaskRow>(await rows.ToListAsync(ct), count, page, pageSize);
    }

    /// <summary>
    /// My Tasks' count and page for <paramref name="args"/>: every value that changes from call to call is read from
    /// it, so that <see cref="MyTasksShapes"/> can compile the query; the rest (filters, sort, search) makes its shape.
    /// </summary>
    private static (IQueryable<MyTaskSource> Counted, IQueryable<MyTaskRow> Page) MyTasksQueries(
        TaskDeskDbContext db, ListArguments args, string? search, AssignmentStatus[]? itemStatuses, WorkTaskStatus[]? taskStatuses,
        TicketPriority[]? priorities, string sort, bool descending)
    {
        var source =
            from i in db.TaskItems.AsNoTracking()
            where i.UserId == args.UserId
            join t in Searched(db, db.Tasks, search, leads: false) on i.TaskId equals t.Id
            join k in db.Tickets on t.TicketId equals k.Id
            join w in db.Workflows on t.WorkflowId equals w.Id
            select new MyTaskSource
            {
                TaskItemId = i.Id,
                RoleName = i.RoleName,
                StepName = i.StepName,
                ItemStatus = i.Status,

                // Still to be worked: open itself, and of a task that is not finished (a cancelled task's stays "new").
                Open = (i.Status == AssignmentStatus.New || i.Status == AssignmentStatus.InProgress) && t.Status != WorkTaskStatus.Completed && t.Status != WorkTaskStatus.Cancelled,
                Origin = i.Origin,
                AssignedOn = i.AssignedOn,
                TargetResolution = i.TargetResolution,
                TaskId = t.Id,
                TaskStatus = t.Status,
                CurrentStepId = t.CurrentStepId,
                CurrentStepName = t.CurrentStepName,
                Priority = t.Priority,
                PriorityRank = t.Priority == TicketPriority.Urgent ? 0
                    : t.Priority == TicketPriority.Critical ? 1
                    : t.Priority == TicketPriority.High ? 2
                    : t.Priority == TicketPriority.Medium ? 3
                    : 4,
                TicketNumber = k.TicketNumber,
                Subject = k.Subject,
                WorkflowId = w.Id,
                WorkflowName = w.Name,
            };

        if (itemStatuses is not null)
        {
            source = source.WhereOneOf(x => x.ItemStatus, itemStatuses);
        }

        if (taskStatuses is not null)
        {
            source = source.WhereOneOf(x => x.TaskStatus, taskStatuses);
        }

        if (priorities is not null)
        {
            source = source.WhereOneOf(x => x.Priority, priorities);
        }

        var ordered = sort switch
        {
            "assigned_on" => source.OrderBy(x => x.AssignedOn, descending),
            "target_resolution" => source.OrderBy(x => x.TargetResolution == null ? 1 : 0).ThenBy(x => x.TargetResolution, descending),
            "priority" => source.OrderBy(x => x.PriorityRank, descending),
            "ticket_number" => source.OrderBy(x => x.TicketNumber, descending),

            // Breached first, then the nearest target, then the highest priority; direction does not apply. A task on hold
            // comes after those running: its clock is stopped, and its target moves when it resumes.
            _ => source
                .OrderBy(x => x.Open && x.TaskStatus != WorkTaskStatus.OnHold && x.TargetResolution != null && x.TargetResolution <= args.Now ? 0 : 1)
                .ThenBy(x => x.TaskStatus == WorkTaskStatus.OnHold ? 1 : 0)
                .ThenBy(x => x.TargetResolution == null ? 1 : 0)
                .ThenBy(x => x.TargetResolution)
                .ThenBy(x => x.PriorityRank),
        };

        var rows = ordered
            .ThenBy(x => x.TaskItemId)
            .Skip(args.Skip)
            .Take(args.Take)
            .Select(x => new MyTaskRow(
                x.TaskItemId,
                new MyTaskRowTask(x.TaskId, x.TaskStatus, x.CurrentStepId, x.CurrentStepName, new TaskRowTicket(x.TicketNumber, x.Subject, x.Priority), new TaskRowWorkflow(x.WorkflowId, x.WorkflowName)),
                x.RoleName,
                x.StepName,
                x.ItemStatus,
                x.Origin,
                x.AssignedOn,
                x.TargetResolution,
                SlaOf(x.Open, x.TaskStatus == WorkTaskStatus.OnHold, x.TargetResolution, args.Now)));
        return (source, rows);
    }

    /// <summary>
    /// Every task, for administrators, by tab: <c>active</c> (pending, in progress, on hold), <c>inactive</c>
    /// (completed, cancelled) or <c>unassigned</c> (open tasks with an active assignment that has no user).
    /// <see cref="AllTasksQuery.Role"/> keeps tasks with an active assignment for that role name.
    /// </summary>
    public async Task<PagedResult<TaskListRow>> AllTasksAsync(Actor actor, AllTasksQuery query, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        var issues = new List<ValidationIssue>();
        var tab = string.IsNullOrWhiteSpace(query.Tab) ? Tabs[0] : query.Tab.Trim().ToLowerInvariant();
        if (!Tabs.Contains(tab))
        {
            issues.Add(ValidationIssue.Field("tab", $"tab '{query.Tab}' is not one of {string.Join(", ", Tabs)}."));
        }

        var priorities = PriorityCodes(query.Priority, issues);
        var (page, pageSize) = Paging(query.Page, query.PageSize, issues);
        var (sort, descending) = Sorting(query.Sort, query.Direction, TaskSorts, issues);
        ThrowIfAny(issues);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var tasks = db.Tasks.AsNoTracking();
        var role = query.Role?.Trim().ToLowerInvariant() is { Length: > 0 } wanted ? wanted : null;

        // The tab in two spellings of the same rows (OpenTask is every status but ClosedTask). The count names the tab's
        // statuses and reads a range of a status index. The page names the statuses it leaves out, so the planner has
        // no status index to prefer over IX_Tasks_CreatedAt_Id_Status: it walks that index in the page's order and
        // stops after a page instead of sorting every task of the tab (decision 0014).
        var (counted, paged) = tab == "inactive"
            ? (tasks.Where(t => ClosedTask.Contains(t.Status)), tasks.Where(t => !OpenTask.Contains(t.Status)))
            : (tasks.Where(t => OpenTask.Contains(t.Status)), tasks.Where(t => !ClosedTask.Contains(t.Status)));
        // A search's matches lead the count, and the page while they are few (a ticket number: its one task at once); when
        // they are many the page walks the creation-time index and only probes them, stopping after a page.
        var shape = SearchTerm(query.Search) is null && role is null ? $"all|{tab}|{KeyOf(priorities)}" : null;
        return await TaskPageAsync(
            db, _ => Narrow(counted, searchLeads: true), (_, count) => Narrow(paged, searchLeads: count <= FewMatches), shape, sort, descending, Arguments(actor, page, pageSize), ct);

        IQueryable<WorkTask> Narrow(IQueryable<WorkTask> ofTab, bool searchLeads)
        {
            if (tab == "unassigned")
            {
                // Read from the assignments' (UserId, Status) index: the few tasks waiting for someone, where an EXISTS
                // per task probed the assignments of every open task.
                ofTab = ofTab.Where(t => db.TaskItems
                    .Where(i => i.UserId == null && (i.Status == AssignmentStatus.New || i.Status == AssignmentStatus.InProgress))
                    .Select(i => i.TaskId)
                    .Contains(t.Id));
            }

            if (role is not null)
            {
                ofTab = ofTab.Where(t => db.TaskItems.Any(i => i.TaskId == t.Id && (i.Status == AssignmentStatus.New || i.Status == AssignmentStatus.InProgress) && i.RoleName.ToLower() == role));
            }

            return Filter(db, ofTab, priorities, query.Search, searchLeads && tab != "unassigned");
        }
    }

    /// <summary>
    /// The tasks whose Ticket Coordinator is the actor, every status by default. <see cref="TaskListQuery.Status"/>
    /// filters the task's status here (codes, <c>active</c> or <c>inactive</c>); <c>task_status</c> does not apply.
    /// </summary>
    public async Task<PagedResult<TaskListRow>> OwnedTicketsAsync(Actor actor, TaskListQuery query, CancellationToken ct = default)
    {
        var issues = new List<ValidationIssue>();
        var statuses = TaskStatusCodes(query.Status, "status", issues);
        if (!string.IsNullOrWhiteSpace(query.TaskStatus))
        {
            issues.Add(ValidationIssue.Field("task_status", "Owned tickets are tasks: filter them with status."));
        }

        var priorities = PriorityCodes(query.Priority, issues);
        var (page, pageSize) = Paging(query.Page, query.PageSize, issues);
        var (sort, descending) = Sorting(query.Sort, query.Direction, TaskSorts, issues);
        ThrowIfAny(issues);

        await using var db = await contexts.CreateDbContextAsync(ct);
        IQueryable<WorkTask> Owned(ListArguments a)
        {
            var tasks = db.Tasks.AsNoTracking().Where(t => t.CoordinatorUserId == a.UserId);
            if (statuses is not null)
            {
                tasks = tasks.WhereOneOf(t => t.Status, statuses);
            }

            return Filter(db, tasks, priorities, query.Search, searchLeads: false);
        }

        var shape = SearchTerm(query.Search) is null ? $"owned|{KeyOf(statuses)}|{KeyOf(priorities)}" : null;
        return await TaskPageAsync(db, Owned, (a, _) => Owned(a), shape, sort, descending, Arguments(actor, page, pageSize), ct);
    }

    /// <summary>
    /// Filters the tasks themselves, the search on the task's ticket, so the count reads Tasks alone (every task has its
    /// ticket and workflow: the joins could not drop a row) and the page joins only what it shows.
    /// </summary>
    private static IQueryable<WorkTask> Filter(TaskDeskDbContext db, IQueryable<WorkTask> tasks, TicketPriority[]? priorities, string? search, bool searchLeads)
    {
        if (priorities is not null)
        {
            tasks = tasks.WhereOneOf(t => t.Priority, priorities);
        }

        return Searched(db, tasks, search, searchLeads);
    }

    /// <summary>
    /// The tasks whose ticket's number, subject or description contains the search, ignoring case: a literal substring,
    /// whatever characters it holds. From the trigram index where there is one and the term is long enough to use it
    /// (<see cref="IndexedTicketIds"/>), else a substring test of each ticket (decision 0016).
    /// With <paramref name="leads"/> the matching tickets may lead the plan: they are read first and their tasks found
    /// by TicketId, instead of every task of the tab being tested. Otherwise
    /// their TicketId is compared as <c>TicketId + 0</c>, which no index serves, so the caller's own, smaller set leads
    /// (the user's assignments, the coordinator's tasks, the unassigned list) and the matches are only probed: left to
    /// choose, SQLite 3.53 started from the matches on the unassigned tab and walked its list of tasks once per
    /// matching ticket (0.7 s instead of 7 ms at 100,000 tasks).
    /// </summary>
    private static IQueryable<WorkTask> Searched(TaskDeskDbContext db, IQueryable<WorkTask> tasks, string? search, bool leads)
    {
        if (SearchTerm(search) is not { } term)
        {
            return tasks;
        }

        if (IndexedTicketIds(db, term) is { } ticketIds)
        {
            return leads ? tasks.Where(t => ticketIds.Contains(t.TicketId)) : tasks.Where(t => ticketIds.Contains(t.TicketId + 0));
        }

        return tasks.Where(t => db.Tickets.Any(k => k.Id == t.TicketId
            && (k.TicketNumber.ToLower().Contains(term) || k.Subject.ToLower().Contains(term) || k.Description.ToLower().Contains(term))));
    }

    /// <summary>
    /// The ids of the tickets containing <paramref name="term"/> (already lower case), read from the trigram index of
    /// the migration TicketSearchTrigramIndex; null where no index can answer: on SQL Server, which has no substring
    /// index, and for a term under three characters, which holds no trigram.
    /// </summary>
    private static IQueryable<int>? IndexedTicketIds(TaskDeskDbContext db, string term)
    {
        if (term.EnumerateRunes().Count() < 3)
        {
            return null;
        }

        if (db.Database.IsSqlite())
        {
            // An FTS5 string: within double quotes every character is literal but the double quote, which is doubled.
            // A trigram phrase matches where the term occurs as a substring, folding case as FTS5 does.
            var phrase = "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            return db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "TicketSearch" WHERE "TicketSearch" MATCH {phrase}""");
        }

        if (db.Database.IsNpgsql())
        {
            // LIKE over lower(…), the expressions the GIN trigram indexes are built on; the term's own wildcards escaped.
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            return db.Tickets
                .Where(k => EF.Functions.Like(k.TicketNumber.ToLower(), pattern, "\\")
                    || EF.Functions.Like(k.Subject.ToLower(), pattern, "\\")
                    || EF.Functions.Like(k.Description.ToLower(), pattern, "\\"))
                .Select(k => k.Id);
        }

        return null;
    }

    /// <summary>The page's task ids in the sort's order; only the key the sort names reaches the SQL.</summary>
    private static IQueryable<int> PageIds(TaskDeskDbContext db, IQueryable<WorkTask> tasks, string sort, bool descending, ListArguments args)
    {
        // EF Core leaves out the projection's other members, so the ticket is read only to sort by its number.
        var keys = tasks.Select(t => new TaskSortKey
        {
            TaskId = t.Id,
            Priority = t.Priority,
            Status = t.Status,
            TargetResolution = t.TargetResolution,
            CreatedAt = t.CreatedAt,
            UpdatedAt = t.UpdatedAt,
            TicketNumber = db.Tickets.Where(k => k.Id == t.TicketId).Select(k => k.TicketNumber).First(),
        });

        var ordered = sort switch
        {
            "updated_at" => keys.OrderBy(x => x.UpdatedAt, descending),
            "target_resolution" => keys.OrderBy(x => x.TargetResolution == null ? 1 : 0).ThenBy(x => x.TargetResolution, descending),
            "priority" => keys.OrderBy(x => x.Priority == TicketPriority.Urgent ? 0
                : x.Priority == TicketPriority.Critical ? 1
                : x.Priority == TicketPriority.High ? 2
                : x.Priority == TicketPriority.Medium ? 3
                : 4, descending),
            "ticket_number" => keys.OrderBy(x => x.TicketNumber, descending),
            "status" => keys.OrderBy(x => x.Status, descending),
            _ => keys.OrderBy(x => x.CreatedAt, descending),
        };

        return ordered.ThenBy(x => x.TaskId, descending).Skip(args.Skip).Take(args.Take).Select(x => x.TaskId);
    }

    /// <summary>
    /// Counts <paramref name="counted"/> and reads one page of <paramref name="paged"/> (given the count): the same
    /// tasks, possibly spelled differently so that each statement gets the plan that suits it. Both read what changes
    /// from call to call from their <see cref="ListArguments"/>; with a <paramref name="shape"/> (no search, nothing else
    /// typed) the count and the ids run compiled, one pair per shape and sort.
    /// The page is read in two statements: first its tasks' ids, sorted and cut from the tasks alone (and their tickets'
    /// numbers when sorting by them), then those 25 tasks' rows with their ticket, workflow, coordinator and assignees.
    /// In one statement the database joined and computed all that for every task it sorted, before keeping 25: the
    /// thousands a search's matches can lead (decision 0014).
    /// </summary>
    private async Task<PagedResult<TaskListRow>> TaskPageAsync(
        TaskDeskDbContext db, Func<ListArguments, IQueryable<WorkTask>> counted, Func<ListArguments, int, IQueryable<WorkTask>> paged, string? shape,
        string sort, bool descending, ListArguments args, CancellationToken ct)
    {
        var (page, pageSize) = (args.Skip / args.Take + 1, args.Take);
        int count;
        List<int> ids;
        if (shape is not null && TaskPageShapes.For(db, $"{shape}|{sort}|{descending}", a => (counted(a), PageIds(db, paged(a, 0), sort, descending, a))) is { } compiled)
        {
            count = await compiled.CountAsync(db, args, ct);
            ids = await compiled.PageAsync(db, args, ct);
        }
        else
        {
            count = await counted(args).CountAsync(ct);
            ids = await PageIds(db, paged(args, count), sort, descending, args).ToListAsync(ct);
        }

        if (ids.Count == 0)
        {
            return new PagedResult<TaskListRow>([], count, page, pageSize);
        }

        var rows = new List<TaskListRow>(ids.Count);
        await foreach (var row in PageRows(db, [.. ids], args.Now).WithCancellation(ct))
        {
            // A finished task's assignments are nobody's work, whatever their status: a cancelled task's stay "new".
            rows.Add(ClosedTask.Contains(row.Status) ? row with { Assignees = [] } : row);
        }

        // In the page's order: the ids' statement sorted them.
        var position = ids.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        return new PagedResult<TaskListRow>([.. rows.OrderBy(r => position[r.TaskId])], count, page, pageSize);
    }

    // Breached at the target instant, as the SLA scan and the screens count it; a task on hold has its clock stopped
    // (its targets move by the time held when it resumes), so it is paused, not breached.
    private static SlaState SlaOf(bool open, bool held, DateTimeOffset? target, DateTimeOffset now) =>
        !open || target is null ? SlaState.None : held ? SlaState.Paused : target <= now ? SlaState.Breached : SlaState.OnTrack;

    private ListArguments Arguments(Actor actor, int page, int pageSize) =>
        new() { UserId = actor.UserId, Now = clock.GetUtcNow(), Skip = (page - 1) * pageSize, Take = pageSize };

    // A filter's values in a compiled shape's key, in the order the filter writes them; null (no filter) is "*".
    private static string KeyOf<T>(T[]? values)
        where T : struct, Enum => values is null ? "*" : string.Join(',', values);

    internal static string? SearchTerm(string? search) =>
        search?.Trim() is { Length: > 0 } term ? term.ToLowerInvariant() : null;

    private static WorkTaskStatus[]? TaskStatusCodes(string? text, string parameter, List<ValidationIssue> issues) =>
        Codes(text, parameter, Enum.GetValues<WorkTaskStatus>(), s => s.ToCode(), new() { ["active"] = OpenTask, ["inactive"] = ClosedTask }, issues, null);

    private static TicketPriority[]? PriorityCodes(string? text, List<ValidationIssue> issues) =>
        Codes(text, "priority", Enum.GetValues<TicketPriority>(), p => p.ToCode(), [], issues, null);

    /// <summary>
    /// Reads a comma-separated list of codes (and group names such as <c>active</c>); <c>all</c> or nothing means no
    /// filter (or <paramref name="byDefault"/> when nothing is given). Spaces, '_' and '-' are alike: "in progress",
    /// "in_progress" and "on hold" are all understood.
    /// </summary>
    private static T[]? Codes<T>(string? text, string parameter, T[] values, Func<T, string> code, Dictionary<string, T[]> groups, List<ValidationIssue> issues, T[]? byDefault)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return byDefault;
        }

        var chosen = new HashSet<T>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var wanted = Normalize(part);
            if (wanted == "all")
            {
                return null;
            }

            if (groups.FirstOrDefault(g => Normalize(g.Key) == wanted).Value is { } group)
            {
                chosen.UnionWith(group);
            }
            else if (values.Where(v => Normalize(code(v)) == wanted).ToList() is [var value])
            {
                chosen.Add(value);
            }
            else
            {
                var known = groups.Keys.Concat(values.Select(code)).Append("all");
                issues.Add(ValidationIssue.Field(parameter, $"{parameter} '{part}' is not one of {string.Join(", ", known)}."));
            }
        }

        return [.. chosen];

        static string Normalize(string s) => s.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
    }

    internal static (int Page, int PageSize) Paging(int? page, int? pageSize, List<ValidationIssue> issues) =>
        Infrastructure.Paging.Check(page, pageSize, DefaultPageSize, MaxPageSize, issues);

    internal static (string Sort, bool Descending) Sorting(string? sort, string? direction, string[] keys, List<ValidationIssue> issues)
    {
        var key = string.IsNullOrWhiteSpace(sort) ? keys[0] : sort.Trim().ToLowerInvariant();
        if (!keys.Contains(key))
        {
            issues.Add(ValidationIssue.Field("sort", $"sort '{sort}' is not one of {string.Join(", ", keys)}."));
        }

        // Dates read newest first unless asked otherwise; everything else reads ascending.
        var wanted = direction?.Trim().ToLowerInvariant();
        if (wanted is not (null or "" or "asc" or "desc"))
        {
            issues.Add(ValidationIssue.Field("direction", $"direction '{direction}' is not one of asc, desc."));
        }

        var descending = string.IsNullOrEmpty(wanted) ? key is "created_at" or "updated_at" or "assigned_on" : wanted == "desc";
        return (key, descending);
    }

    internal static void ThrowIfAny(List<ValidationIssue> issues)
    {
        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }
    }

    // Flat shapes the filters and sorts compose over, before the page is shaped into rows.
    private sealed class MyTaskSource
    {
        public int TaskItemId { get; init; }

        public required string RoleName { get; init; }

        public required string StepName { get; init; }

        public AssignmentStatus ItemStatus { get; init; }

        public bool Open { get; init; }

        public AssignmentOrigin Origin { get; init; }

        public DateTimeOffset AssignedOn { get; init; }

        public DateTimeOffset? TargetResolution { get; init; }

        public int TaskId { get; init; }

        public WorkTaskStatus TaskStatus { get; init; }

        public int CurrentStepId { get; init; }

        public required string CurrentStepName { get; init; }

        public TicketPriority Priority { get; init; }

        public int PriorityRank { get; init; }

        public required string TicketNumber { get; init; }

        public required string Subject { get; init; }

        public int WorkflowId { get; init; }

        public required string WorkflowName { get; init; }
    }

    private sealed class TaskSortKey
    {
        public int TaskId { get; init; }

        public TicketPriority Priority { get; init; }

        public WorkTaskStatus Status { get; init; }

        public DateTimeOffset? TargetResolution { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public required string TicketNumber { get; init; }
    }
}

/// <summary>One page of a list: <see cref="Count"/> is the number of rows matching the filters on every page.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Results, int Count, int Page, int PageSize);

/// <summary>My Tasks and Owned Tickets. Filters and sorts are the API's codes; null means the default.</summary>
public sealed record TaskListQuery
{
    public string? Search { get; init; }

    public string? Status { get; init; }

    public string? TaskStatus { get; init; }

    public string? Priority { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }

    public string? Sort { get; init; }

    public string? Direction { get; init; }
}

/// <summary>All Tasks (administrators). Filters and sorts are the API's codes; null means the default.</summary>
public sealed record AllTasksQuery
{
    public string? Tab { get; init; }

    public string? Search { get; init; }

    public string? Role { get; init; }

    public string? Priority { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }

    public string? Sort { get; init; }

    public string? Direction { get; init; }
}

/// <summary>Where an open assignment or task stands against its target: none without a target or once it is closed.</summary>
public enum SlaState
{
    None,
    OnTrack,
    Breached,
    Paused,
}

public sealed record TaskRowTicket(string TicketNumber, string Subject, TicketPriority Priority);

public sealed record TaskRowWorkflow(int WorkflowId, string Name);

public sealed record MyTaskRowTask(int TaskId, WorkTaskStatus Status, int CurrentStepId, string CurrentStepName, TaskRowTicket Ticket, TaskRowWorkflow Workflow);

/// <summary>One of the actor's assignments (the seed's My Tasks row).</summary>
public sealed record MyTaskRow(
    int TaskItemId,
    MyTaskRowTask Task,
    string Role,
    string Step,
    AssignmentStatus Status,
    AssignmentOrigin Origin,
    DateTimeOffset AssignedOn,
    DateTimeOffset? TargetResolution,
    SlaState Sla);

/// <summary>An active assignment on the task's current step; <see cref="UserId"/> is null while it waits for someone.</summary>
public sealed record TaskRowAssignee(int TaskItemId, int? UserId, string? DisplayName, string Role, AssignmentStatus Status, int RoleId);

/// <summary>A task as All Tasks and Owned Tickets list it.</summary>
public sealed record TaskListRow(
    int TaskId,
    TaskRowTicket Ticket,
    TaskRowWorkflow Workflow,
    WorkTaskStatus Status,
    int CurrentStepId,
    string CurrentStepName,
    int? CoordinatorUserId,
    string? CoordinatorDisplayName,
    IReadOnlyList<TaskRowAssignee> Assignees,
    DateTimeOffset? TargetResolution,
    SlaState Sla,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

file static class OrderingExtensions
{
    public static IOrderedQueryable<T> OrderBy<T, TKey>(this IQueryable<T> source, System.Linq.Expressions.Expression<Func<T, TKey>> key, bool descending) =>
        descending ? source.OrderByDescending(key) : source.OrderBy(key);

    public static IOrderedQueryable<T> ThenBy<T, TKey>(this IOrderedQueryable<T> source, System.Linq.Expressions.Expression<Func<T, TKey>> key, bool descending) =>
        descending ? source.ThenByDescending(key) : source.ThenBy(key);
}
