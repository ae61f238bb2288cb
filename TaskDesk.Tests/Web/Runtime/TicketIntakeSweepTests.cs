using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TaskDesk.Data;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Features.Tickets;

namespace TaskDesk.Tests.Web.Runtime;

/// <summary>Tickets stored but never processed: a job that could not be queued leaves them to the intake sweep.</summary>
public sealed class TicketIntakeSweepTests : RuntimeTest
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TaskDeskApp CreateApp() => new() { Clock = _clock };

    [Fact]
    public async Task ATicketWhoseJobCouldNotBeQueued_IsQueuedByTheSweep_OnceItWaitedLongerThanAnIntakeTakes()
    {
        var content = TicketContentOf("TX-SWEEP-1");
        var received = await Tickets(new UnreachableJobs()).ReceiveAsync(content);
        Assert.True(received.IsNew);
        await TaskIdOfAsync(TicketBody("TX-SWEEP-DONE"));
        var jobs = new HeldJobs();
        var sweeping = Tickets(jobs);

        _clock.Advance(TicketIntakeSweepJob.After - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await sweeping.RequeueReceivedAsync(TicketIntakeSweepJob.After));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sweeping.RequeueReceivedAsync(TicketIntakeSweepJob.After));
        var job = Assert.Single(jobs.Held);
        Assert.Equal([(object)"TX-SWEEP-1", CancellationToken.None], job.Args);

        // What the job does then: the ticket gets its task.
        await App.Service<TicketService>().ProcessAsync("TX-SWEEP-1");
        await using var db = App.CreateDbContext();
        Assert.Equal(TicketIntakeStatus.Matched, await db.Tickets.Where(t => t.TicketNumber == "TX-SWEEP-1").Select(t => t.Status).SingleAsync());
    }

    [Fact]
    public async Task AnUnmatchedTicketWhoseRematchWasLost_IsQueuedByTheSweep_OnceAWorkflowTakesIt()
    {
        var body = SeedBody();
        body["workflow"]!["name"] = "Onboarding";
        body["workflow"]!["department"] = "HR";
        body["workflow"]!["category"] = "Onboarding";
        await MoveAsync((int)(await CreateWorkflowAsync(body))["workflow"]!["workflow_id"]!, "deploy", "initialize");

        // Kept unmatched, and the rematch job queued when the workflow was initialized never ran (a restart, say).
        var unreachable = Tickets(new UnreachableJobs());
        await unreachable.ReceiveAsync(TicketContentOf("TX-SWEEP-HR") with { Department = "HR", Category = "Onboarding", SubCategory = "" });
        await unreachable.ReceiveAsync(TicketContentOf("TX-SWEEP-LEGAL") with { Department = "Legal", Category = "Contracts" });
        await using (var db = App.CreateDbContext())
        {
            await db.Tickets.Where(t => t.TicketNumber.StartsWith("TX-SWEEP-")).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketIntakeStatus.Unmatched));
        }

        var jobs = new HeldJobs();
        _clock.Advance(TicketIntakeSweepJob.After);
        Assert.Equal(1, await Tickets(jobs).RequeueReceivedAsync(TicketIntakeSweepJob.After));
        Assert.Equal([(object)"TX-SWEEP-HR", CancellationToken.None], Assert.Single(jobs.Held).Args);

        await App.Service<TicketService>().ProcessAsync("TX-SWEEP-HR");
        await using var check = App.CreateDbContext();
        Assert.Equal(TicketIntakeStatus.Matched, await check.Tickets.Where(t => t.TicketNumber == "TX-SWEEP-HR").Select(t => t.Status).SingleAsync());
    }

    private TicketService Tickets(Hangfire.IBackgroundJobClient jobs) => new(
        App.Service<IDbContextFactory<TaskDeskDbContext>>(), jobs, App.Service<VersionDefinitions>(), App.Service<EmailOutbox>(), _clock, App.Service<ILogger<TicketService>>());

    private static TicketContent TicketContentOf(string number) =>
        new(number, "Laptop not working", "The screen stays black.", "IT", "Technology", "Support Request", TicketPriority.High, "Riley Requester", "riley@example.org", null);
}
