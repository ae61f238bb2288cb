using System.Threading.Channels;
using Hangfire;

namespace TaskDesk.Web.Features.Email;

/// <summary>
/// Between a commit that wrote outbox rows and the send jobs: the commit hands its row ids over without waiting, and one
/// loop queues them as <see cref="SendOutboxEmailJob"/>s of up to a hundred rows. A request therefore never waits for
/// the job storage (with Hangfire's in-memory storage an enqueue waits for its dispatcher thread; with a database
/// storage it is a write), and a burst of commits shares its jobs instead of queuing one each. A commit's rows still go
/// in jobs of a hundred. Ids not yet queued when the process stops are not lost: the rows stay pending in the outbox and
/// the sweep (<see cref="EmailSweepJob"/>, also run at start-up) queues them.
/// </summary>
public sealed class EmailSendQueue(IBackgroundJobClient jobs, ILogger<EmailSendQueue> logger) : BackgroundService
{
    /// <summary>Rows per send job: enough that a scan warning thousands queues few jobs, few enough that two workers share a sweep.</summary>
    private const int JobBatch = 100;

    private readonly Channel<IReadOnlyCollection<long>> _written = Channel.CreateUnbounded<IReadOnlyCollection<long>>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    /// <summary>Hands over the ids of rows a transaction has committed; returns at once.</summary>
    public void Add(IReadOnlyCollection<long> ids)
    {
        if (ids.Count > 0)
        {
            _written.Writer.TryWrite(ids);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = new List<long>();
        try
        {
            while (await _written.Reader.WaitToReadAsync(stoppingToken))
            {
                QueueWhatIsWaiting(pending);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is already handed over is queued below; anything later is left to the sweep.
        }

        QueueWhatIsWaiting(pending);
    }

    /// <summary>
    /// Queues the rows' send jobs now, in jobs of up to <see cref="JobBatch"/> rows: for the sweep, a job itself, and
    /// for this queue's loop.
    /// </summary>
    public void QueueNow(IEnumerable<long> ids)
    {
        foreach (var batch in ids.Chunk(JobBatch))
        {
            jobs.Enqueue<SendOutboxEmailJob>(job => job.RunBatchAsync(batch, CancellationToken.None));
        }
    }

    /// <summary>Everything handed over so far.</summary>
    private void QueueWhatIsWaiting(List<long> pending)
    {
        while (_written.Reader.TryRead(out var ids))
        {
            pending.AddRange(ids);
        }

        try
        {
            QueueNow(pending);
        }
        catch (Exception error)
        {
            // The job storage is unreachable: the batches not queued stay pending and the sweep queues them later.
            logger.LogWarning(error, "Could not queue all of {Count} outbox emails; the sweep will queue those left.", pending.Count);
        }

        pending.Clear();
    }
}
