using System.Linq.Expressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tickets;

public sealed record TicketReceived(string TicketNumber, bool IsNew);

public sealed record TicketTaskView(int TaskId, WorkTaskStatus Status, int CurrentStepId, string CurrentStepName, int WorkflowId, string WorkflowName, int VersionNumber, int? CoordinatorUserId, DateTimeOffset? TargetResolution);

public sealed record TicketView(Ticket Ticket, TicketTaskView? Task);

/// <summary>A ticket no initialized workflow took, as the administrators' list shows it.</summary>
public sealed record UnmatchedTicketRow(
    string TicketNumber, string Subject, string Department, string Category, string SubCategory, TicketPriority Priority,
    string RequesterName, string RequesterEmail, DateTimeOffset ReceivedAt);

/// <summary>Search, sort and paging of the unmatched tickets; null means the default.</summary>
public sealed record UnmatchedTicketsQuery
{
    public string? Search { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }

    public string? Sort { get; init; }

    public string? Direction { get; init; }
}

/// <summary>
/// Ticket intake, as the seed's <c>receive_ticket</c>: the request stores the snapshot and enqueues a job; the job
/// matches a workflow and creates the task, its coordinator, its first assignments and notifications in one transaction.
/// Both halves are idempotent: the same ticket again updates its snapshot and never makes a second task.
/// </summary>
public sealed class TicketService(
    IDbContextFactory<TaskDeskDbContext> contexts,
    IBackgroundJobClient jobs,
    VersionDefinitions definitions,
    EmailOutbox outbox,
    TimeProvider clock,
    ILogger<TicketService> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>The most tickets one sweep queues: a backlog is taken a batch every sweep, not all at once.</summary>
    public const int RequeueBatch = 1000;

    /// <summary>A workflow that takes tickets: initialized, on an active version (matching and the intake sweep ask the same).</summary>
    private static readonly Expression<Func<Workflow, bool>> TakesTickets = w => w.Status == WorkflowStatus.Initialized && w.ActiveVersionId != null;

    // Intake's queries run for every ticket: compiled once, they skip EF Core's translation and cache lookup each time.
    private static readonly Func<TaskDeskDbContext, string, CancellationToken, Task<Ticket?>> TicketByNumber =
        EF.CompileAsyncQuery((TaskDeskDbContext db, string number, CancellationToken ct) => db.Tickets.SingleOrDefault(t => t.TicketNumber == number));

    private static readonly Func<TaskDeskDbContext, string, CancellationToken, Task<TicketToProcess?>> TicketToProcessByNumber =
        EF.CompileAsyncQuery((TaskDeskDbContext db, string number, CancellationToken ct) => db.Tickets
            .Where(t => t.TicketNumber == number)
            .Select(t => new TicketToProcess(t, db.Tasks.Any(k => k.TicketId == t.Id)))
            .SingleOrDefault());

    private static readonly Func<TaskDeskDbContext, string, string, IAsyncEnumerable<MatchCandidate>> Candidates =
        EF.CompileAsyncQuery((TaskDeskDbContext db, string department, string category) => db.Workflows
            .Where(TakesTickets)
            .Where(w => w.Department == department && w.Category == category)
            .Select(w => new MatchCandidate(w.Id, w.ActiveVersionId!.Value, w.SubCategory)));

    private static readonly Func<TaskDeskDbContext, string, CancellationToken, Task<int?>> RoleIdByName =
        EF.CompileAsyncQuery((TaskDeskDbContext db, string name, CancellationToken ct) => db.WorkflowRoles.Where(r => r.Name == name).Select(r => (int?)r.Id).SingleOrDefault());

    private static readonly string[] UnmatchedSorts = ["received_at", "ticket_number", "department"];

    /// <summary>A ticket raised in the app: it gets a fresh number (TD + date + six digits) and goes through the same intake.</summary>
    public async Task<TicketReceived> RaiseAsync(Actor actor, TicketContent content, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var requester = await db.Users.Where(u => u.Id == actor.UserId).Select(u => new { u.DisplayName, u.Email }).SingleAsync(ct);
        string number;
        do
        {
            number = $"TD{clock.GetUtcNow():yyyyMMdd}{Random.Shared.Next(0, 1_000_000):000000}";
        }
        while (await db.Tickets.AnyAsync(t => t.TicketNumber == number, ct));

        return await ReceiveAsync(
            content with
            {
                TicketNumber = number,
                RequesterName = string.IsNullOrWhiteSpace(content.RequesterName) ? requester.DisplayName : content.RequesterName,
                RequesterEmail = string.IsNullOrWhiteSpace(content.RequesterEmail) ? requester.Email : content.RequesterEmail,
            },
            ct);
    }

    /// <summary>The department / category / sub-category combinations that initialized workflows take, for pickers.</summary>
    public async Task<IReadOnlyList<(string Department, string Category, string SubCategory)>> OfferedCategoriesAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Workflows.Where(w => w.Status == WorkflowStatus.Initialized)
            .Select(w => new { w.Department, w.Category, w.SubCategory })
            .Distinct()
            .ToListAsync(ct);
        return rows.Select(r => (r.Department, r.Category, r.SubCategory)).OrderBy(r => r.Department).ThenBy(r => r.Category).ThenBy(r => r.SubCategory).ToList();
    }

    /// <summary>
    /// Stores (or updates) the ticket and enqueues its intake job. Once stored, the ticket is received whatever
    /// happens to the job: one that cannot be queued (its storage away) is queued by the intake sweep instead.
    /// </summary>
    public async Task<TicketReceived> ReceiveAsync(TicketContent content, CancellationToken ct = default)
    {
        Guard(Ticket.Check(content));
        var received = await StoreAsync(content, ct);
        try
        {
            QueueIntake(received.TicketNumber);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Ticket {TicketNumber} is stored, but its intake job could not be queued; the intake sweep queues it after {After}.", received.TicketNumber, TicketIntakeSweepJob.After);
        }

        return received;
    }

    /// <summary>The intake job's work; running it twice has the effect of running it once.</summary>
    public Task ProcessAsync(string ticketNumber, CancellationToken ct = default) => ProcessAsync(ticketNumber, beforeMarkingUnmatched: () => Task.CompletedTask, ct);

    /// <summary>The intake, with <paramref name="beforeMarkingUnmatched"/> run between finding no workflow and saying so (for tests).</summary>
    internal async Task ProcessAsync(string ticketNumber, Func<Task> beforeMarkingUnmatched, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await ProcessOnceAsync(ticketNumber, beforeMarkingUnmatched, ct) == Intake.Done || attempt == MaxAttempts)
                {
                    return;
                }

                // A workflow for the ticket started taking tickets while this intake looked: take the ticket in with it.
                logger.LogInformation("Ticket {TicketNumber} found a workflow just after it was marked unmatched; attempt {Attempt} of {MaxAttempts}.", ticketNumber, attempt + 1, MaxAttempts);
            }
            catch (Exception error) when (attempt < MaxAttempts && (error is DbUpdateException || DatabaseFailures.IsTransientConflict(error)))
            {
                // Another process made the task or claimed the same turn first, or the database picked this
                // transaction as a deadlock's victim: look again from the start.
                logger.LogInformation("Intake of ticket {TicketNumber} met a concurrent change; attempt {Attempt} of {MaxAttempts}.", ticketNumber, attempt + 1, MaxAttempts);
            }
        }
    }

    /// <summary>Queues every unmatched ticket that the given workflow could take, after it starts taking tickets.</summary>
    public async Task<int> RematchAsync(string department, string category, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var numbers = await db.Tickets
            .Where(t => t.Status == TicketIntakeStatus.Unmatched && t.Department == department && t.Category == category)
            .Select(t => t.TicketNumber)
            .ToListAsync(ct);
        foreach (var number in numbers)
        {
            QueueIntake(number);
        }

        return numbers.Count;
    }

    /// <summary>A ticket with the state of its intake and its task, if any.</summary>
    public async Task<TicketView> GetAsync(string ticketNumber, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.TicketNumber == ticketNumber, ct)
            ?? throw new DomainNotFoundException($"Ticket {ticketNumber} does not exist.");
        var task = await (
                from t in db.Tasks
                join w in db.Workflows on t.WorkflowId equals w.Id
                join v in db.WorkflowVersions on t.WorkflowVersionId equals v.Id
                where t.TicketId == ticket.Id
                select new TicketTaskView(t.Id, t.Status, t.CurrentStepId, t.CurrentStepName, w.Id, w.Name, v.Number, t.CoordinatorUserId, t.TargetResolution))
            .SingleOrDefaultAsync(ct);
        return new TicketView(ticket, task);
    }

    /// <summary>Tickets no workflow took, oldest first, for administrators to act on.</summary>
    public async Task<IReadOnlyList<Ticket>> ListUnmatchedAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Tickets.AsNoTracking().Where(t => t.Status == TicketIntakeStatus.Unmatched).OrderBy(t => t.ReceivedAt).ThenBy(t => t.Id).ToListAsync(ct);
    }

    /// <summary>An administrator asks for an unmatched ticket to be matched again (now, in the background).</summary>
    public async Task MatchAgainAsync(Actor actor, string ticketNumber, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Tickets.AnyAsync(t => t.TicketNumber == ticketNumber, ct))
        {
            throw new DomainNotFoundException($"Ticket {ticketNumber} does not exist.");
        }

        QueueIntake(ticketNumber);
    }

    /// <summary>
    /// One page of the unmatched tickets, for the administrators' screen: search in the number, subject, department and
    /// category; sort by received_at (default, oldest first), ticket_number or department.
    /// </summary>
    public async Task<PagedResult<UnmatchedTicketRow>> UnmatchedPageAsync(Actor actor, UnmatchedTicketsQuery query, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        var issues = new List<ValidationIssue>();
        var (page, pageSize) = TaskQueryService.Paging(query.Page, query.PageSize, issues);
        var (sort, descending) = TaskQueryService.Sorting(query.Sort, query.Direction, UnmatchedSorts, issues);
        TaskQueryService.ThrowIfAny(issues);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var source = db.Tickets.AsNoTracking().Where(t => t.Status == TicketIntakeStatus.Unmatched);
        if (TaskQueryService.SearchTerm(query.Search) is { } term)
        {
            source = source.Where(t => t.TicketNumber.ToLower().Contains(term) || t.Subject.ToLower().Contains(term)
                || t.Department.ToLower().Contains(term) || t.Category.ToLower().Contains(term));
        }

        var count = await source.CountAsync(ct);
        var ordered = (sort, descending) switch
        {
            ("ticket_number", false) => source.OrderBy(t => t.TicketNumber),
            ("ticket_number", true) => source.OrderByDescending(t => t.TicketNumber),
            ("department", false) => source.OrderBy(t => t.Department).ThenBy(t => t.Category),
            ("department", true) => source.OrderByDescending(t => t.Department).ThenByDescending(t => t.Category),
            (_, false) => source.OrderBy(t => t.ReceivedAt),
            _ => source.OrderByDescending(t => t.ReceivedAt),
        };
        var rows = await ordered.ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(t => new UnmatchedTicketRow(t.TicketNumber, t.Subject, t.Department, t.Category, t.SubCategory, t.Priority, t.RequesterName, t.RequesterEmail, t.ReceivedAt))
            .ToListAsync(ct);
        return new PagedResult<UnmatchedTicketRow>(rows, count, page, pageSize);
    }

    /// <summary>
    /// An administrator matches a ticket again and waits for the answer: the intake runs now, in this call, rather than as a
    /// job, so the screen can say at once whether a workflow took it. The intake is idempotent, so a job or another
    /// administrator doing the same at the same moment still leaves one task.
    /// </summary>
    public async Task<TicketView> MatchNowAsync(Actor actor, string ticketNumber, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        var view = await GetAsync(ticketNumber, ct);
        if (view.Task is null)
        {
            await ProcessAsync(view.Ticket.TicketNumber, ct);
            view = await GetAsync(ticketNumber, ct);
        }

        return view;
    }

    /// <summary>
    /// Queues the tickets stored but still not processed <paramref name="olderThan"/> after they were last received: at
    /// start-up every one (an in-memory job did not outlive its process), and by the intake sweep those whose job could
    /// not be queued or gave up its retries. Likewise tickets kept unmatched that an initialized workflow takes now:
    /// their rematch job was lost the same ways (and nothing else would ever look at them again). Intake does a ticket
    /// once however often it is queued; a sweep queues at most <see cref="RequeueBatch"/>, oldest first.
    /// </summary>
    public async Task<int> RequeueReceivedAsync(TimeSpan olderThan, CancellationToken ct = default)
    {
        var before = clock.GetUtcNow() - olderThan;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var numbers = await db.Tickets
            .Where(t => t.UpdatedAt <= before && (t.Status == TicketIntakeStatus.Received || (t.Status == TicketIntakeStatus.Unmatched
                && db.Workflows.Where(TakesTickets).Any(w => w.Department == t.Department && w.Category == t.Category))))
            .OrderBy(t => t.UpdatedAt)
            .ThenBy(t => t.Id)
            .Select(t => t.TicketNumber)
            .Take(RequeueBatch)
            .ToListAsync(ct);
        foreach (var number in numbers)
        {
            QueueIntake(number);
        }

        return numbers.Count;
    }

    private void QueueIntake(string ticketNumber) => jobs.Enqueue<TicketIntakeJob>(job => job.RunAsync(ticketNumber, CancellationToken.None));

    private async Task<TicketReceived> StoreAsync(TicketContent content, CancellationToken ct)
    {
        var number = content.TicketNumber!.Trim();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var existing = await TicketByNumber(db, number, ct);
            if (existing is not null)
            {
                existing.Update(content, now);
                await db.SaveChangesAsync(ct);
                return new TicketReceived(number, IsNew: false);
            }

            db.Tickets.Add(new Ticket(content, now));
            try
            {
                await db.SaveChangesAsync(ct);
                return new TicketReceived(number, IsNew: true);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // The same ticket arrived at the same moment and was stored first: update that one instead.
            }
        }
    }

    private async Task<Intake> ProcessOnceAsync(string ticketNumber, Func<Task> beforeMarkingUnmatched, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);

        // What only reads comes before the write transaction, which on SQLite holds the whole database: the shorter it
        // is, the more intakes run side by side. A second task for the ticket stays impossible (a unique index; the
        // loser's DbUpdateException makes ProcessAsync look again), and the turns are claimed inside the transaction.
        var found = await TicketToProcessByNumber(db, ticketNumber, ct);
        if (found is null)
        {
            logger.LogWarning("Intake job for ticket {TicketNumber}: no such ticket.", ticketNumber);
            return Intake.Done;
        }

        var ticket = found.Ticket;
        if (found.HasTask)
        {
            if (ticket.Status != TicketIntakeStatus.Matched)
            {
                ticket.MarkMatched();
                await db.SaveChangesAsync(ct);
            }

            return Intake.Done;
        }

        var match = await MatchAsync(db, ticket, ct);
        if (match is not { } workflow)
        {
            await beforeMarkingUnmatched();
            return await MarkUnmatchedAsync(db, ticket, ct);
        }

        var definition = await definitions.GetAsync(db, workflow.VersionId, ct);
        var coordinatorRoleId = await RoleIdByName(db, Role.TicketCoordinator, ct);
        var stepRoleId = definition.StartNode.RoleId;
        var members = await RoundRobin.MembersAsync(db, coordinatorRoleId is { } coordinatorRole ? [coordinatorRole, stepRoleId] : [stepRoleId], ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var coordinator = coordinatorRoleId is { } roleId ? await RoundRobin.ClaimAsync(db, roleId, members[roleId], ct) : null;
        var firstAssignee = await RoundRobin.ClaimAsync(db, stepRoleId, members[stepRoleId], ct);

        var task = WorkTask.Create(ticket, workflow.Id, workflow.VersionId, definition, coordinator, firstAssignee, now);
        db.Tasks.Add(task);
        ticket.MarkMatched();
        await db.SaveChangesAsync(ct);
        await TaskNotifier.RecordAsync(db, task, ticket.TicketNumber, ticket.Subject, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        outbox.QueueWritten(db);
        return Intake.Done;
    }

    /// <summary>
    /// Keeps a ticket no workflow took as unmatched. Only a ticket still without a task: another run of its intake (a
    /// resend whose content a workflow takes) may have matched it since this one looked. Then a second look for a
    /// workflow: one initialized since the first look matched again only the tickets already unmatched, maybe before
    /// this one was.
    /// </summary>
    private async Task<Intake> MarkUnmatchedAsync(TaskDeskDbContext db, Ticket ticket, CancellationToken ct)
    {
        var marked = await db.Tickets
            .Where(t => t.Id == ticket.Id && t.Status != TicketIntakeStatus.Matched && !db.Tasks.Any(k => k.TicketId == t.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketIntakeStatus.Unmatched), ct);
        if (marked == 0)
        {
            return Intake.Done;
        }

        if (await MatchAsync(db, ticket, ct) is not null)
        {
            return Intake.LookAgain;
        }

        logger.LogInformation("Ticket {TicketNumber} matches no initialized workflow ({Department} / {Category}); kept as unmatched.", ticket.TicketNumber, ticket.Department, ticket.Category);
        return Intake.Done;
    }

    /// <summary>
    /// Department and category exactly, status initialized (the seed's rule); sub-category is a refinement: a workflow
    /// for the ticket's own sub-category wins, then one without a sub-category, then any other.
    /// </summary>
    private static async Task<(int Id, int VersionId)?> MatchAsync(TaskDeskDbContext db, Ticket ticket, CancellationToken ct)
    {
        var candidates = new List<MatchCandidate>();
        await foreach (var candidate in Candidates(db, ticket.Department, ticket.Category).WithCancellation(ct))
        {
            candidates.Add(candidate);
        }

        var best = candidates
            .OrderByDescending(c => c.SubCategory == ticket.SubCategory)
            .ThenByDescending(c => c.SubCategory.Length == 0)
            .ThenBy(c => c.Id)
            .FirstOrDefault();
        return best is null ? null : (best.Id, best.VersionId);
    }

    private enum Intake
    {
        Done,
        LookAgain,
    }

    private sealed record TicketToProcess(Ticket Ticket, bool HasTask);

    private sealed record MatchCandidate(int Id, int VersionId, string SubCategory);

    private static void Guard(IReadOnlyList<ValidationIssue> issues)
    {
        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }
    }
}

/// <summary>
/// Every few minutes, queues the intake of tickets still only received <see cref="After"/> after they came: their job
/// could not be queued, or used up its retries while the database was away. Without it they waited for a restart.
/// </summary>
public sealed class TicketIntakeSweepJob(TicketService tickets)
{
    public const string Id = "ticket-intake-sweep";

    public const string Cron = "*/5 * * * *";

    /// <summary>Longer than a healthy intake takes, even with its first retries.</summary>
    public static readonly TimeSpan After = TimeSpan.FromMinutes(10);

    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => tickets.RequeueReceivedAsync(After, ct);

    /// <summary>At start-up: every ticket left received is queued now, then the sweep runs on its schedule.</summary>
    public static async Task ScheduleAsync(IServiceProvider services)
    {
        await services.GetRequiredService<TicketService>().RequeueReceivedAsync(TimeSpan.Zero);
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<TicketIntakeSweepJob>(Id, job => job.RunAsync(CancellationToken.None), Cron);
    }
}

/// <summary>The Hangfire job for one ticket: takes a ticket number, not an object, and is safe to run twice.</summary>
public sealed class TicketIntakeJob(TicketService intake)
{
    // A failed intake (the database busy past its timeout, a process stopping) is retried soon, then less often.
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [1, 2, 5, 10, 30, 60, 300, 900, 1800, 3600])]
    public Task RunAsync(string ticketNumber, CancellationToken ct) => intake.ProcessAsync(ticketNumber, ct);
}
