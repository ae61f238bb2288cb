using TaskDesk.Domain.Tasks;

namespace TaskDesk.Bench.Data;

/// <summary>The share of generated tasks in each state; the shares are normalised, so they need not add up to 1.</summary>
public sealed record TaskMix(double Pending, double InProgress, double OnHold, double Completed, double Cancelled)
{
    /// <summary>A service desk that has been running a while: most work done, a good part open, some of it waiting.</summary>
    public static TaskMix Lived { get; } = new(Pending: 0.15, InProgress: 0.35, OnHold: 0.05, Completed: 0.40, Cancelled: 0.05);

    /// <summary>Only running work, every task with one open assignment the SLA scan watches.</summary>
    public static TaskMix Running { get; } = new(Pending: 0.4, InProgress: 0.6, OnHold: 0, Completed: 0, Cancelled: 0);

    public WorkTaskStatus Pick(Random random)
    {
        var total = Pending + InProgress + OnHold + Completed + Cancelled;
        var roll = random.NextDouble() * total;
        foreach (var (status, share) in new[]
                 {
                     (WorkTaskStatus.Pending, Pending), (WorkTaskStatus.InProgress, InProgress), (WorkTaskStatus.OnHold, OnHold),
                     (WorkTaskStatus.Completed, Completed), (WorkTaskStatus.Cancelled, Cancelled),
                 })
        {
            if (roll < share)
            {
                return status;
            }

            roll -= share;
        }

        return WorkTaskStatus.InProgress;
    }
}

/// <summary>
/// What one generated database holds. Users are people besides the administrators; each task has its own ticket.
/// <see cref="DueShare"/> of the open assignments are due at generation time: half past their warning time, half
/// past their target (and already warned, as a scan a minute earlier would have left them).
/// </summary>
public sealed record DataSpec(string Name, int Users, int Workflows, int Tasks, TaskMix Mix)
{
    public double DueShare { get; init; } = 0.01;

    /// <summary>Open tasks whose current assignment waits for someone (the role had no active member at the time).</summary>
    public double UnassignedShare { get; init; } = 0.02;

    /// <summary>Tickets no workflow took (no task), listed for administrators.</summary>
    public double UnmatchedShare { get; init; } = 0.01;

    /// <summary>Share of workflows that escalate a breached assignment by themselves (off by default in the product).</summary>
    public double EscalateOnBreachShare { get; init; } = 0.25;

    /// <summary>
    /// Tasks, spread evenly over the dataset, that fell due long ago and were never scanned, in
    /// <see cref="DataGenerator.WarmUpRounds"/> rounds (alternately): a scan with its clock set back to a round's instant
    /// handles exactly that round's tasks. Scans of them warm a fresh app up without touching the due share.
    /// </summary>
    public int WarmUpTasks { get; init; }

    /// <summary>In-app notifications and (sent) emails for the generated history; the scan datasets can leave them out.</summary>
    public bool WithNotifications { get; init; } = true;
}
