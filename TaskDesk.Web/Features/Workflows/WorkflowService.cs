using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Tickets;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Workflows;

/// <summary>
/// Workflow definitions: create, edit, validate, move through the lifecycle, read versions.
/// Pages and API endpoints both go through here, so both obey the same rules and the same authorization.
/// </summary>
public sealed class WorkflowService(IDbContextFactory<TaskDeskDbContext> contexts, TicketService tickets, TimeProvider clock, ILogger<WorkflowService> logger)
{
    public async Task<IReadOnlyList<WorkflowSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Workflows
            .OrderBy(w => w.Name).ThenBy(w => w.Id)
            .Select(w => new
            {
                w.Id,
                w.Name,
                w.Department,
                w.Category,
                w.SubCategory,
                w.Status,
                ActiveVersionNumber = w.ActiveVersion == null ? (int?)null : w.ActiveVersion.Number,
                w.LatestVersionNumber,
                StepCount = w.Steps.Count,
                w.UpdatedAt,
            })
            .ToListAsync(ct);
        return rows.Select(w => new WorkflowSummary(w.Id, w.Name, w.Department, w.Category, w.SubCategory, w.Status, w.ActiveVersionNumber, w.LatestVersionNumber, w.StepCount, w.UpdatedAt)).ToList();
    }

    public async Task<WorkflowView> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await LoadAsync(db, id, ct);
        return ToView(workflow, await RoleNamesAsync(db, ct));
    }

    /// <param name="unreadable">Problems found while reading the request (a duration that is not one, …), reported together with the rest.</param>
    public async Task<GraphSaved> CreateAsync(
        Actor actor, WorkflowDetails details, IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions, bool requireComplete,
        IReadOnlyList<ValidationIssue>? unreadable = null, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var roleNames = await RoleNamesAsync(db, ct);
        var now = clock.GetUtcNow();

        var issues = (unreadable ?? []).ToList();
        issues.AddRange(Workflow.CheckDetails(details));
        issues.AddRange(requireComplete
            ? GraphValidator.CheckAll(steps, transitions, roleNames)
            : GraphValidator.CheckStructure(steps, transitions, roleNames));
        issues.AddRange(steps.Where(s => s.StepId is not null).Select(s => ValidationIssue.ForStep(s.Key, "A new workflow has no existing steps: give the step a temp_id, not a step_id.")));
        issues.AddRange(transitions.Where(t => t.TransitionId is not null).Select(t => ValidationIssue.ForTransition(t.Key, "A new workflow has no existing transitions: leave out transition_id.")));
        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }

        var workflow = new Workflow(details, actor.UserId, now);
        var keys = workflow.ReplaceGraph(steps, transitions, roleNames, requireComplete, now);
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync(ct);
        return Saved(workflow, keys, roleNames);
    }

    public Task<WorkflowView> UpdateDetailsAsync(Actor actor, int id, WorkflowDetails details, int? expectedRevision, CancellationToken ct = default) =>
        MutateAsync(actor, id, expectedRevision, (workflow, _, now) => workflow.UpdateDetails(details, now), ct);

    public async Task<GraphSaved> UpdateGraphAsync(Actor actor, int id, IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions, bool requireComplete, int? expectedRevision, CancellationToken ct = default)
    {
        GraphKeys? keys = null;
        var view = await MutateAsync(actor, id, expectedRevision, (workflow, roleNames, now) => keys = workflow.ReplaceGraph(steps, transitions, roleNames, requireComplete, now), ct);
        return new GraphSaved(view, keys!.Steps.ToDictionary(p => p.Key, p => p.Value.Id), keys.Transitions.ToDictionary(p => p.Key, p => p.Value.Id));
    }

    /// <summary>Every problem that would stop the workflow from being deployed or initialized, as it is now.</summary>
    public async Task<IReadOnlyList<ValidationIssue>> ValidateAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await LoadAsync(db, id, ct);
        return workflow.Validate(await RoleNamesAsync(db, ct));
    }

    // The lifecycle moves take the revision the caller was shown, like the saves: a page loaded before someone else's
    // unseen save must not deploy, archive or delete that work. Null acts on whatever is there (a list's row, the API).
    public Task<WorkflowView> DeployAsync(Actor actor, int id, int? expectedRevision = null, CancellationToken ct = default) =>
        MutateAsync(actor, id, expectedRevision, (workflow, roleNames, now) => workflow.Deploy(roleNames, now), ct);

    /// <summary>Starts taking tickets on a new version; tickets kept as unmatched that it takes are matched again.</summary>
    public async Task<WorkflowView> InitializeAsync(Actor actor, int id, int? expectedRevision = null, CancellationToken ct = default)
    {
        var view = await MutateAsync(actor, id, expectedRevision, (workflow, roleNames, now) => workflow.Initialize(roleNames, actor.UserId, now), ct, checkMatchKey: true);
        await RematchAsync(view, ct);
        return view;
    }

    public Task<WorkflowView> PauseAsync(Actor actor, int id, int? expectedRevision = null, CancellationToken ct = default) =>
        MutateAsync(actor, id, expectedRevision, (workflow, _, now) => workflow.Pause(now), ct);

    public async Task<WorkflowView> ResumeAsync(Actor actor, int id, int? expectedRevision = null, CancellationToken ct = default)
    {
        var view = await MutateAsync(actor, id, expectedRevision, (workflow, _, now) => workflow.Resume(now), ct, checkMatchKey: true);
        await RematchAsync(view, ct);
        return view;
    }

    public Task<WorkflowView> EditAsync(Actor actor, int id, int? expectedRevision = null, CancellationToken ct = default) =>
        MutateAsync(actor, id, expectedRevision, (workflow, _, now) => workflow.Edit(now), ct);

    public Task<WorkflowView> ArchiveAsync(Actor actor, int id, int? expectedRevision = null, CancellationToken ct = default) =>
        MutateAsync(actor, id, expectedRevision, (workflow, _, now) => workflow.Archive(now), ct);

    public async Task<WorkflowView> CloneAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var original = await LoadAsync(db, id, ct);
        var roleNames = await RoleNamesAsync(db, ct);
        var name = await FreeCopyNameAsync(db, original.Name, ct);
        var copy = original.Clone(name, roleNames, actor.UserId, clock.GetUtcNow());
        db.Workflows.Add(copy);
        await db.SaveChangesAsync(ct);
        return ToView(copy, roleNames);
    }

    public async Task DeleteAsync(Actor actor, int id, int? expectedRevision = null, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await LoadAsync(db, id, ct);
        RefuseStale(workflow, expectedRevision);
        workflow.EnsureDeletable();
        db.Workflows.Remove(workflow);
        await SaveAsync(db, workflow, ct);
    }

    public async Task<IReadOnlyList<VersionSummary>> ListVersionsAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var activeVersionId = await ActiveVersionIdAsync(db, id, ct);
        var versions = await db.WorkflowVersions
            .Where(v => v.WorkflowId == id)
            .OrderByDescending(v => v.Number)
            .Select(v => new { v.Id, v.Number, v.CreatedBy, v.CreatedAt })
            .ToListAsync(ct);
        return versions.Select(v => new VersionSummary(v.Number, v.Id == activeVersionId, v.CreatedBy, v.CreatedAt)).ToList();
    }

    public async Task<VersionView> GetVersionAsync(Actor actor, int id, int number, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var activeVersionId = await ActiveVersionIdAsync(db, id, ct);
        var version = await db.WorkflowVersions.AsNoTracking().SingleOrDefaultAsync(v => v.WorkflowId == id && v.Number == number, ct)
            ?? throw new DomainNotFoundException($"Workflow {id} has no version {number}.");
        return new VersionView(id, version.Number, version.Id == activeVersionId, version.CreatedBy, version.CreatedAt, version.Definition);
    }

    private async Task<WorkflowView> MutateAsync(
        Actor actor, int id, int? expectedRevision, Action<Workflow, IReadOnlyDictionary<int, string>, DateTimeOffset> change, CancellationToken ct, bool checkMatchKey = false)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await LoadAsync(db, id, ct);
        RefuseStale(workflow, expectedRevision);
        var roleNames = await RoleNamesAsync(db, ct);
        change(workflow, roleNames, clock.GetUtcNow());
        if (checkMatchKey)
        {
            await RefuseMatchKeyTakenAsync(db, workflow, ct);
        }

        await SaveAsync(db, workflow, ct);
        return ToView(workflow, roleNames);
    }

    /// <summary>
    /// Queues the tickets kept as unmatched that the workflow, taking tickets now, may take. The move is saved already, so
    /// a failure here (the job storage away) is logged, not thrown: the tickets stay listed as unmatched for administrators,
    /// who can match them again.
    /// </summary>
    private async Task RematchAsync(WorkflowView view, CancellationToken ct)
    {
        try
        {
            await tickets.RematchAsync(view.Details.Department!, view.Details.Category!, ct);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(
                error, "Workflow {WorkflowId} takes tickets now, but its unmatched tickets for {Department} / {Category} could not be queued to be matched again; they stay listed as unmatched.",
                view.Id, view.Details.Department, view.Details.Category);
        }
    }

    /// <summary>Two workflows taking the same tickets would make matching ambiguous; the unique index is the last word, this says it kindly.</summary>
    private static async Task RefuseMatchKeyTakenAsync(TaskDeskDbContext db, Workflow workflow, CancellationToken ct)
    {
        var other = await db.Workflows
            .Where(w => w.Id != workflow.Id && w.ActiveMatchKey == workflow.ActiveMatchKey)
            .Select(w => w.Name)
            .FirstOrDefaultAsync(ct);
        if (other is not null)
        {
            throw new DomainConflictException(
                $"Workflow '{other}' already takes tickets for department '{workflow.Department}', category '{workflow.Category}'"
                + (workflow.SubCategory.Length > 0 ? $", sub-category '{workflow.SubCategory}'" : "") + ". Pause it first, or change this workflow's matching fields.");
        }
    }

    private async Task SaveAsync(TaskDeskDbContext db, Workflow workflow, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw StaleRevision(workflow);
        }
        catch (DbUpdateException) when (workflow.ActiveMatchKey is not null)
        {
            throw new DomainConflictException($"Another workflow started taking tickets for department '{workflow.Department}', category '{workflow.Category}' at the same moment. Reload and try again.");
        }
        catch (DbUpdateException)
        {
            // Someone else's save between our load and our write can fail ours on a row it removed (a step our new
            // transition points at, a transition added to a step we delete) before the revision check is reached.
            if (await ChangedSinceLoadedAsync(db, workflow, ct))
            {
                throw StaleRevision(workflow);
            }

            throw;
        }
    }

    /// <summary>Whether the workflow's row is gone or has another revision than the one this context loaded, read on a context of its own.</summary>
    private async Task<bool> ChangedSinceLoadedAsync(TaskDeskDbContext db, Workflow workflow, CancellationToken ct)
    {
        var loaded = db.Entry(workflow).Property(w => w.Revision).OriginalValue;
        await using var fresh = await contexts.CreateDbContextAsync(ct);
        var now = await fresh.Workflows.Where(w => w.Id == workflow.Id).Select(w => (int?)w.Revision).SingleOrDefaultAsync(ct);
        return now != loaded;
    }

    private static void RefuseStale(Workflow workflow, int? expectedRevision)
    {
        if (expectedRevision is { } expected && expected != workflow.Revision)
        {
            throw StaleRevision(workflow);
        }
    }

    private static DomainConflictException StaleRevision(Workflow workflow) =>
        new($"Workflow '{workflow.Name}' was changed by someone else since you loaded it. Reload it and apply your change again.");

    private static async Task<Workflow> LoadAsync(TaskDeskDbContext db, int id, CancellationToken ct) =>
        await db.Workflows
            .Include(w => w.Steps)
            .Include(w => w.Transitions)
            .Include(w => w.ActiveVersion)
            .AsSplitQuery()
            .SingleOrDefaultAsync(w => w.Id == id, ct)
        ?? throw new DomainNotFoundException($"Workflow {id} does not exist.");

    private static async Task<int?> ActiveVersionIdAsync(TaskDeskDbContext db, int id, CancellationToken ct)
    {
        var workflow = await db.Workflows.Where(w => w.Id == id).Select(w => new { w.ActiveVersionId }).SingleOrDefaultAsync(ct)
            ?? throw new DomainNotFoundException($"Workflow {id} does not exist.");
        return workflow.ActiveVersionId;
    }

    private static async Task<IReadOnlyDictionary<int, string>> RoleNamesAsync(TaskDeskDbContext db, CancellationToken ct) =>
        await db.WorkflowRoles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);

    private static async Task<string> FreeCopyNameAsync(TaskDeskDbContext db, string name, CancellationToken ct)
    {
        var stem = name.Length > Workflow.NameMaxLength - 12 ? name[..(Workflow.NameMaxLength - 12)] : name;
        var taken = (await db.Workflows.Where(w => w.Name.StartsWith(stem)).Select(w => w.Name).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidate = $"{stem} (copy)";
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{stem} (copy {n})";
        }

        return candidate;
    }

    private static GraphSaved Saved(Workflow workflow, GraphKeys keys, IReadOnlyDictionary<int, string> roleNames) =>
        new(ToView(workflow, roleNames), keys.Steps.ToDictionary(p => p.Key, p => p.Value.Id), keys.Transitions.ToDictionary(p => p.Key, p => p.Value.Id));

    private static WorkflowView ToView(Workflow workflow, IReadOnlyDictionary<int, string> roleNames)
    {
        string? NameOf(int? roleId) => roleId is { } id && roleNames.TryGetValue(id, out var name) ? name : null;

        var steps = workflow.Steps
            .OrderBy(s => s.Order).ThenBy(s => s.Id)
            .Select(s => new StepView(s.Id, s.Name, s.Description, s.Instruction, s.RoleId, NameOf(s.RoleId), s.EscalateToRoleId, NameOf(s.EscalateToRoleId), s.Weight, s.Order, s.IsStart, s.IsEnd, s.Design))
            .ToList();
        var transitions = workflow.Transitions
            .OrderBy(t => t.Id)
            .Select(t => new TransitionView(t.Id, t.FromStep.Id, t.ToStep.Id, t.Name, t.Design))
            .ToList();
        return new WorkflowView(
            workflow.Id, workflow.ToDetails(), workflow.Status, workflow.Revision, workflow.ActiveVersion?.Number, workflow.LatestVersionNumber,
            workflow.CreatedBy, workflow.CreatedAt, workflow.UpdatedAt, steps, transitions);
    }
}
