using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TaskDesk.Data;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Features.Tickets;
using TaskDesk.Web.Features.Workflows;

namespace TaskDesk.Tests.Web.Workflows;

/// <summary>
/// Initialize and resume queue the unmatched tickets the workflow now takes. When that queuing fails (the job storage
/// away) the move has happened all the same: it is answered as done, and the tickets stay unmatched, listed for administrators.
/// </summary>
public sealed class WorkflowRematchTests : ApiTest
{
    [Fact]
    public async Task Initialize_WhenTheUnmatchedTicketsCannotBeQueued_IsDone_AndTheTicketStaysUnmatched()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy");
        await UnmatchedTicketAsync("TX-REMATCH-1");

        var view = await WorkflowsWithoutJobs().InitializeAsync(await App.AdministratorAsync(), id);

        Assert.Equal(WorkflowStatus.Initialized, view.Status);
        Assert.Equal("initialized", await StatusOfAsync(id));
        Assert.Equal(TicketIntakeStatus.Unmatched, await TicketStatusAsync("TX-REMATCH-1"));
        Assert.Contains("could not be queued to be matched again", App.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_WhenTheUnmatchedTicketsCannotBeQueued_IsDone_AndTheTicketStaysUnmatched()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize", "pause");
        await UnmatchedTicketAsync("TX-REMATCH-2");

        var view = await WorkflowsWithoutJobs().ResumeAsync(await App.AdministratorAsync(), id);

        Assert.Equal(WorkflowStatus.Initialized, view.Status);
        Assert.Equal("initialized", await StatusOfAsync(id));
        Assert.Equal(TicketIntakeStatus.Unmatched, await TicketStatusAsync("TX-REMATCH-2"));
        Assert.Contains("could not be queued to be matched again", App.Log.Text, StringComparison.Ordinal);
    }

    /// <summary>The app's workflow service, but with a ticket service whose job storage is away.</summary>
    private WorkflowService WorkflowsWithoutJobs() =>
        new(App.Service<IDbContextFactory<TaskDeskDbContext>>(), Tickets(new UnreachableJobs()), TimeProvider.System, App.Service<ILogger<WorkflowService>>());

    private TicketService Tickets(Hangfire.IBackgroundJobClient jobs) => new(
        App.Service<IDbContextFactory<TaskDeskDbContext>>(), jobs, App.Service<VersionDefinitions>(), App.Service<EmailOutbox>(), TimeProvider.System, App.Service<ILogger<TicketService>>());

    /// <summary>A ticket taken in while no workflow takes its department and category: kept as unmatched.</summary>
    private async Task UnmatchedTicketAsync(string number)
    {
        var tickets = Tickets(new HeldJobs());
        await tickets.ReceiveAsync(new TicketContent(
            number, "Laptop not working", "The screen stays black.", "IT", "Technology", "Support Request", TicketPriority.High, "Riley Requester", "riley@example.org", null));
        await tickets.ProcessAsync(number);
        Assert.Equal(TicketIntakeStatus.Unmatched, await TicketStatusAsync(number));
    }

    private async Task<TicketIntakeStatus> TicketStatusAsync(string number)
    {
        await using var db = App.CreateDbContext();
        return await db.Tickets.Where(t => t.TicketNumber == number).Select(t => t.Status).SingleAsync();
    }
}
