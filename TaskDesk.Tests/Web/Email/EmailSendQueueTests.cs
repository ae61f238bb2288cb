using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Email;

namespace TaskDesk.Tests.Web.Email;

/// <summary>The hand-over between commits and send jobs: a burst of commits shares jobs of up to a hundred rows, each row once.</summary>
public sealed class EmailSendQueueTests : IDisposable
{
    private readonly InMemoryStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task CommitsHandedOverTogether_ShareJobsOfAHundred_EachRowOnce()
    {
        var queue = new EmailSendQueue(new BackgroundJobClient(_storage), NullLogger<EmailSendQueue>.Instance);
        long[] Ids(int from, int count) => [.. Enumerable.Range(from, count).Select(i => (long)i)];

        // Three commits before the loop runs: queued one by one they would make four jobs (30, 30, 100 and 90 rows).
        queue.Add(Ids(1, 30));
        queue.Add(Ids(31, 30));
        queue.Add(Ids(61, 190));
        queue.Add([]);
        await queue.StartAsync(CancellationToken.None);
        try
        {
            var monitor = _storage.GetMonitoringApi();
            await Wait.UntilAsync(() => monitor.EnqueuedCount("default") >= 3, "the send jobs to be queued");
            await queue.StopAsync(CancellationToken.None);

            var batches = monitor.EnqueuedJobs("default", 0, 10).Select(j => (long[])j.Value.Job.Args[0]).ToList();
            Assert.Equal([50, 100, 100], batches.Select(b => b.Length).Order());
            Assert.Equal(Ids(1, 250), batches.SelectMany(b => b).Order());
            Assert.All(monitor.EnqueuedJobs("default", 0, 10), j => Assert.Equal(nameof(SendOutboxEmailJob.RunBatchAsync), j.Value.Job.Method.Name));
        }
        finally
        {
            await queue.StopAsync(CancellationToken.None);
        }
    }
}
