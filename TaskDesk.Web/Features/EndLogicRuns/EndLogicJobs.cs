using Hangfire;

namespace TaskDesk.Web.Features.EndLogicRuns;

/// <summary>Runs one completed task's end logic: takes its id, and running it twice carries it out once.</summary>
public sealed class RunEndLogicJob(EndLogicRunner runner)
{
    // Failed attempts are retried by the runner with the configured backoff; Hangfire's retries only cover a busy database.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 5, 30])]
    public Task RunAsync(int taskId, CancellationToken ct) => runner.RunAsync(taskId, ct);
}

/// <summary>The periodic sweep: queues end logic that is due but has no job (lost with the in-memory storage, a crash).</summary>
public sealed class EndLogicSweepJob(EndLogicService runs)
{
    public const string Id = "end-logic-sweep";

    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => runs.QueueDueAsync(ct);
}
