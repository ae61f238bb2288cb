using Microsoft.EntityFrameworkCore;
using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Bench.Scenarios;

/// <summary>
/// Moving tasks along a transition through <see cref="TaskService.TransitionAsync"/>, as their assignees do, on open
/// tasks spread over every workflow and step; beside it the limit: the same rows changed and added, written plainly.
/// The tasks are split in two alike halves (alternately, in workflow and step order), one for each.
/// </summary>
public sealed class TransitionScenario(BenchContext bench, AppHost app, GeneratedWorld world)
{
    private static readonly string[] Tables = [.. RowIds.Tables.Values];

    private readonly TaskService _tasks = app.Service<TaskService>();
    private readonly IDbContextFactory<TaskDeskDbContext> _contexts = app.Service<IDbContextFactory<TaskDeskDbContext>>();

    public async Task RunAsync(ResultTable table, CancellationToken ct = default)
    {
        var sizes = bench.Sizes;
        var needed = sizes.TransitionWarmUp + sizes.TransitionsOneProducer + sizes.TransitionsManyProducers;
        var (real, plain) = await CandidatesAsync(needed, ct);
        var warmUp = real.Take(sizes.TransitionWarmUp).ToArray();
        await Load.WarmUpAsync(warmUp.Length, sizes.JitPause, i => TransitionAsync(warmUp[i], ct), ct);
        var plainWarmUp = plain.Take(sizes.TransitionWarmUp).ToArray();
        await Load.WarmUpInRoundsAsync(plainWarmUp.Length, sizes.JitPause, (from, count) => new TransitionLimit(bench.Server, _contexts, world).RunAsync(1, plainWarmUp[from..(from + count)], ct), ct);

        var taken = sizes.TransitionWarmUp;
        foreach (var producers in new[] { 1, sizes.Producers })
        {
            var count = producers == 1 ? sizes.TransitionsOneProducer : sizes.TransitionsManyProducers;
            var moves = real.Skip(taken).Take(count).ToArray();
            var plainMoves = plain.Skip(taken).Take(count).ToArray();
            taken += count;

            var before = await RowCounts.ReadAsync(_contexts, Tables, ct);
            var moved = await bench.Progress.StepAsync(
                $"Transitions, {producers} producer(s), {moves.Length} tasks",
                () => Load.RunAsync(producers, moves.Length, (_, i) => TransitionAsync(moves[i], ct), ct));
            var between = await RowCounts.ReadAsync(_contexts, Tables, ct);
            var limit = await bench.Progress.StepAsync(
                $"Transition limit, {producers} producer(s)",
                () => new TransitionLimit(bench.Server, _contexts, world).RunAsync(producers, plainMoves, ct));
            var after = await RowCounts.ReadAsync(_contexts, Tables, ct);
            if (limit.Errors.Count > 0)
            {
                throw new InvalidOperationException($"The transition limit failed: {limit.ErrorSummary()}");
            }

            var label = producers == 1 ? "1 producer" : $"{producers} producers";
            var rows = $"rows added per move: {RowCounts.Describe(RowCounts.PerOperation(before, between, moves.Length - moved.Errors.Count))}; " +
                       $"limit: {RowCounts.Describe(RowCounts.PerOperation(between, after, plainMoves.Length))}";
            table.Add(new Figure("transitions", $"transitions per second, {label}", moved.PerSecond, "moves/s")
                .WithLimit(limit.PerSecond)
                .RatioAtLeast(0.5)
                .Noting(moved.Errors.Count == 0 ? rows : $"{rows}; errors: {moved.ErrorSummary()}"));
            table.Add(new Figure("transitions", $"p95 latency, {label}", moved.Latencies.Percentile(95), "ms").WithLimit(limit.Latencies.Percentile(95)));
        }
    }

    private Task TransitionAsync(Move move, CancellationToken ct) =>
        _tasks.TransitionAsync(new Actor(move.UserId, IsAdministrator: false), move.TaskId, move.TransitionId, "Done on my side; passing it on.", ct);

    /// <summary>Open tasks whose current step has an assignee, in workflow and step order, dealt alternately to the two halves.</summary>
    private async Task<(List<Move> Real, List<Move> Plain)> CandidatesAsync(int needed, CancellationToken ct)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var open = await (
                from t in db.Tasks
                where t.Status == WorkTaskStatus.Pending || t.Status == WorkTaskStatus.InProgress
                join i in db.TaskItems on t.Id equals i.TaskId
                where i.AssignedOnStepId == t.CurrentStepId && (i.Status == AssignmentStatus.New || i.Status == AssignmentStatus.InProgress) && i.UserId != null
                select new { t.Id, t.WorkflowVersionId, t.CurrentStepId, UserId = i.UserId!.Value })
            .ToListAsync(ct);
        var random = new Random(DataGenerator.SeedFor(bench.Seed, "transitions"));
        var versions = world.Workflows.ToDictionary(w => w.VersionId);
        var moves = open
            .GroupBy(m => m.Id)
            .Select(g => g.First())
            .Where(m => versions.ContainsKey(m.WorkflowVersionId))
            .Select(m => new Move(m.Id, m.UserId, versions[m.WorkflowVersionId].Forward(m.CurrentStepId).TransitionId, m.WorkflowVersionId, m.CurrentStepId, random.Next()))
            .OrderBy(m => m.Shuffle)
            .Take(needed * 2)
            .OrderBy(m => m.VersionId).ThenBy(m => m.StepId).ThenBy(m => m.Shuffle)
            .ToList();
        if (moves.Count < needed * 2)
        {
            throw new InvalidOperationException($"The runtime dataset has {moves.Count} open assigned tasks; the transitions scenario needs {needed * 2}. Generate more tasks.");
        }

        var real = moves.Where((_, i) => i % 2 == 0).OrderBy(m => m.Shuffle).ToList();
        var plain = moves.Where((_, i) => i % 2 == 1).OrderBy(m => m.Shuffle).ToList();
        return (real, plain);
    }
}

/// <summary>One task to move: who moves it, along which transition.</summary>
public sealed record Move(int TaskId, int UserId, int TransitionId, int VersionId, int StepId, int Shuffle);

/// <summary>
/// The rows a transition changes and adds — the task, the resolved assignment, their history and activity, the next
/// step's assignment with its notification and email, its round-robin turn — worked out beforehand through the
/// domain on the loaded task, then written plainly in one transaction per move (the task's update checks its revision,
/// as EF Core's does).
/// </summary>
internal sealed class TransitionLimit(BenchDatabase server, IDbContextFactory<TaskDeskDbContext> contexts, GeneratedWorld world)
    : PlainLimit<Move, TransitionLimit.PreparedMove>(server, contexts)
{
    protected override void Write(LimitConnection connection, PreparedMove move)
    {
        if (move.TurnOf is { } role)
        {
            connection.Turn(role);
        }

        if (!connection.TaskUpdate.Update(move.Task, move.Original))
        {
            throw new InvalidOperationException($"Task {move.Task.Id} changed since the limit read it.");
        }

        foreach (var (item, original) in move.ChangedItems)
        {
            connection.ItemUpdate.Update(item, original);
        }

        connection.Rows.WriteAdded(move.Task, move.Notifications, move.Emails, move.Marks);
    }

    protected override async Task<List<PreparedMove>> PrepareAsync(TaskDeskDbContext db, RowIds ids, Dictionary<int, List<int>> members, Move[] moves, CancellationToken ct)
    {
        var versions = world.Workflows.ToDictionary(w => w.VersionId);
        var prepared = new List<PreparedMove>(moves.Length);
        var turn = 0;
        var now = DateTimeOffset.UtcNow;
        foreach (var move in moves)
        {
            var original = await db.Tasks.AsNoTracking().Include(t => t.Items).SingleAsync(t => t.Id == move.TaskId, ct);
            var task = await db.Tasks.AsNoTracking().Include(t => t.Items).SingleAsync(t => t.Id == move.TaskId, ct);
            var ticket = await db.Tickets.Where(k => k.Id == task.TicketId).Select(k => new { k.TicketNumber, k.Subject }).SingleAsync(ct);
            var definition = versions[task.WorkflowVersionId].Definition;
            var target = definition.Node(definition.Edges.Single(e => e.TransitionId == move.TransitionId).ToStepId);
            int? next = target.IsEnd ? null : members[target.RoleId][turn++ % members[target.RoleId].Count];
            var marks = RowMarks.Of(task);
            var before = task.Items.ToDictionary(i => i.Id, i => (i.Status, i.ActedOn));

            task.Transition(definition, move.TransitionId, "Done on my side; passing it on.", move.UserId, next, now);
            ids.Give(task);
            var (notifications, emails) = Limits.Notify(task, ticket.TicketNumber, ticket.Subject, ids, now);
            var originals = original.Items.ToDictionary(i => i.Id);
            var changed = task.Items
                .Where(i => before.TryGetValue(i.Id, out var was) && (was.Status != i.Status || was.ActedOn != i.ActedOn))
                .Select(i => (i, originals[i.Id]))
                .ToList();
            prepared.Add(new PreparedMove(task, original, changed, marks, notifications, emails, next is null ? null : target.RoleId));
        }

        return prepared;
    }

    internal sealed record PreparedMove(
        WorkTask Task, WorkTask Original, List<(TaskItem Item, TaskItem Original)> ChangedItems, RowMarks Marks,
        List<Notification> Notifications, List<OutboxEmail> Emails, int? TurnOf);
}
