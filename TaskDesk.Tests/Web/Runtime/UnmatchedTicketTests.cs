using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Common;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tickets;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Runtime;

/// <summary>The unmatched-ticket list the administrators' screen pages through, and matching a ticket again on demand.</summary>
public sealed class UnmatchedTicketTests : RuntimeTest
{
    [Fact]
    public async Task UnmatchedPage_IsPagedAndSortedByTheDatabase_AndCountsEveryMatch()
    {
        foreach (var (number, department) in new[] { ("TX-U-1", "Legal"), ("TX-U-2", "HR"), ("TX-U-3", "Facilities") })
        {
            await TakeInAsync(TicketBody(number, department: department));
        }

        await TaskIdOfAsync(TicketBody("TX-U-MATCHED"));
        var admin = await App.AdministratorAsync();

        var first = await Tickets.UnmatchedPageAsync(admin, new UnmatchedTicketsQuery { Sort = "department", PageSize = 2 });
        var second = await Tickets.UnmatchedPageAsync(admin, new UnmatchedTicketsQuery { Sort = "department", PageSize = 2, Page = 2 });
        var byDefault = await Tickets.UnmatchedPageAsync(admin, new UnmatchedTicketsQuery());

        Assert.Equal(["Facilities", "HR"], first.Results.Select(r => r.Department));
        Assert.Equal(3, first.Count);
        Assert.Equal(["Legal"], second.Results.Select(r => r.Department));
        Assert.Equal(["TX-U-1", "TX-U-2", "TX-U-3"], byDefault.Results.Select(r => r.TicketNumber));
    }

    [Fact]
    public async Task UnmatchedPage_WithASortItDoesNotKnow_SaysWhichItKnows()
    {
        var refused = await Assert.ThrowsAsync<DomainValidationException>(async () =>
            await Tickets.UnmatchedPageAsync(await App.AdministratorAsync(), new UnmatchedTicketsQuery { Sort = "subject", PageSize = 500 }));

        Assert.Contains("sort 'subject' is not one of received_at, ticket_number, department.", refused.Message, StringComparison.Ordinal);
        Assert.Contains("page_size must be between 1 and 200.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatchNow_OfATicketAlreadyMatched_AnswersWithItsTask_AndMakesNoSecond()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-U-TWICE"));

        var view = await Tickets.MatchNowAsync(await App.AdministratorAsync(), "TX-U-TWICE");

        Assert.Equal(taskId, view.Task?.TaskId);
        await using var db = App.CreateDbContext();
        Assert.Equal(1, await db.Tasks.CountAsync(t => t.TicketId == view.Ticket.Id));
    }

    [Fact]
    public async Task MatchNow_ByAnyoneButAnAdministrator_IsRefused_AndUnknownTicketsAreNotFound()
    {
        await TakeInAsync(TicketBody("TX-U-HR", department: "HR"));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Tickets.MatchNowAsync(new Actor(UserIds["ava@tests.local"], false), "TX-U-HR"));
        var missing = await Assert.ThrowsAsync<DomainNotFoundException>(async () => await Tickets.MatchNowAsync(await App.AdministratorAsync(), "TX-NOPE"));
        Assert.Equal("Ticket TX-NOPE does not exist.", missing.Message);
    }

    [Fact]
    public async Task AWorkflowInitializedWhileTheIntakeLooked_StillTakesTheTicket()
    {
        await TakeInAsync(TicketBody("TX-U-LATE", department: "HR", category: "Onboarding", subCategory: ""));
        await AsJustReceivedAsync("TX-U-LATE");

        // Between the intake finding no workflow and marking the ticket unmatched, a workflow for it is initialized: its
        // rematch reads the unmatched tickets before this one is among them.
        await Tickets.ProcessAsync("TX-U-LATE", beforeMarkingUnmatched: async () =>
        {
            var body = SeedBody();
            body["workflow"]!["name"] = "Onboarding";
            body["workflow"]!["department"] = "HR";
            body["workflow"]!["category"] = "Onboarding";
            await MoveAsync((int)(await CreateWorkflowAsync(body))["workflow"]!["workflow_id"]!, "deploy", "initialize");
        });

        var state = await GetAsync("/api/tickets/TX-U-LATE");
        Assert.Equal("matched", (string?)state["state"]);
        Assert.Equal("Onboarding", (string?)state["task"]!["workflow"]);
    }

    [Fact]
    public async Task AnIntakeThatFoundNoWorkflow_DoesNotUnmatchATicketAResendMatchedMeanwhile()
    {
        await TakeInAsync(TicketBody("TX-U-RESENT", department: "HR"));
        await AsJustReceivedAsync("TX-U-RESENT");

        // The ticket comes again, now for IT, and that intake makes its task while this one (for HR) has found nothing.
        await Tickets.ProcessAsync("TX-U-RESENT", beforeMarkingUnmatched: async () =>
        {
            var resent = await Integration.PostAsync("/api/tickets", Json.Body(TicketBody("TX-U-RESENT")));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, resent.StatusCode);
            await Tickets.ProcessAsync("TX-U-RESENT");
        });

        var state = await GetAsync("/api/tickets/TX-U-RESENT");
        Assert.Equal("matched", (string?)state["state"]);
        Assert.NotNull(state["task"]);
        Assert.DoesNotContain((await GetAsync("/api/tickets/unmatched")).AsArray(), t => (string?)t!["ticket_number"] == "TX-U-RESENT");
    }

    /// <summary>Puts a ticket back as it is between being stored and its intake job: received, nothing decided.</summary>
    private async Task AsJustReceivedAsync(string number)
    {
        await using var db = App.CreateDbContext();
        await db.Tickets.Where(t => t.TicketNumber == number).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TaskDesk.Domain.Tickets.TicketIntakeStatus.Received));
    }

    private TicketService Tickets => App.Service<TicketService>();
}
