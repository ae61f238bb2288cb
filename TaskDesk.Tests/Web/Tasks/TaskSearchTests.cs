using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Tasks;

/// <summary>
/// The inboxes' ticket search (decision 0016): a case-insensitive literal substring of the ticket's number, subject or
/// description, read from the trigram index where the term is long enough, on every database the integration run takes.
/// Each term is asked of My Tasks, All Tasks and Owned Tickets, which must agree on the rows and count them.
/// </summary>
public sealed class TaskSearchTests : ApiTest
{
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private TaskScenario _scenario = null!;
    private RunningWorkflow _it = null!;
    private Actor _admin = null!;
    private Actor _alice = null!;
    private Dictionary<string, int> _tasks = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await App.AdministratorAsync();
        _alice = new Actor(await App.CreateUserAsync("alice@tests.local"), IsAdministrator: false);
        _scenario = new TaskScenario(App, Admin);
        _it = await _scenario.InitializeWorkflowAsync(SeedBody());
        _tasks = new()
        {
            ["number"] = await AddAsync("Printer jam", number: "INC-4471-XQ"),
            ["subject"] = await AddAsync("Keyboard unresponsive"),
            ["description"] = await AddAsync("Mouse", description: "The docking STATION reboots at night"),
            ["quote"] = await AddAsync("Quote \"this\" please"),
            ["percent"] = await AddAsync("Disk 100% full"),
            ["percentWord"] = await AddAsync("Disk 100 percent full"),
            ["underscore"] = await AddAsync("Rename snake_case files"),
            ["underscoreLike"] = await AddAsync("Rename snakeXcase files"),
            ["apostrophe"] = await AddAsync("O'Brien's laptop"),
            ["star"] = await AddAsync("Glob wild*card fails"),
            ["starLike"] = await AddAsync("Glob wildcard fails"),
            ["hyphen"] = await AddAsync("Cable a-b broken"),
            ["colon"] = await AddAsync("Error code:42 on boot"),
        };
    }

    [Theory]
    [InlineData("4471-x", "number")]
    [InlineData("BOARD", "subject")]
    [InlineData("oCKing st", "description")]
    [InlineData("yboard unres", "subject")]
    [InlineData("ey", "subject")]
    [InlineData("q", "number", "quote")]
    [InlineData("4471", "number")]
    [InlineData("no such text", new string[0])]
    public async Task Search_FindsASubstringAnywhereInNumberSubjectOrDescription_IgnoringCase(string term, params string[] expected) =>
        await AssertFoundAsync(term, expected);

    [Theory]
    [InlineData("\"this\"", "quote")]
    [InlineData("\"", "quote")]
    [InlineData("\"\"", new string[0])]
    [InlineData("0% f", "percent")]
    [InlineData("%", "percent")]
    [InlineData("e_c", "underscore")]
    [InlineData("_", "underscore")]
    [InlineData("o'brien", "apostrophe")]
    [InlineData("'s l", "apostrophe")]
    [InlineData("d*c", "star")]
    [InlineData("wild*", "star")]
    [InlineData("a-b", "hyphen")]
    [InlineData("e:42", "colon")]
    [InlineData("code:", "colon")]
    [InlineData("NOT", new string[0])]
    [InlineData("(disk", new string[0])]
    [InlineData("^glob", new string[0])]
    [InlineData("\\", new string[0])]
    [InlineData("a\\%b", new string[0])]
    public async Task Search_SpecialCharactersAreLiteral_AndNeverFail(string term, params string[] expected) =>
        await AssertFoundAsync(term, expected);

    [Fact]
    public async Task Search_FindsANewTicketAndATicketsNewText_AtOnce_AndForgetsItsOldText()
    {
        var fresh = await AddAsync("Projector overheats");
        await AssertFoundAsync("overheat", [], also: fresh);

        await using (var db = App.CreateDbContext())
        {
            var ticketId = await db.Tasks.Where(t => t.Id == fresh).Select(t => t.TicketId).SingleAsync();
            var ticket = await db.Tickets.SingleAsync(k => k.Id == ticketId);
            ticket.Update(new TicketContent(ticket.TicketNumber, "Projector lamp flickers", "Bulb replaced last week", "IT", "Technology", "Support Request", TicketPriority.Medium, "Requester", "requester@tests.local", _now), _now);
            await db.SaveChangesAsync();
        }

        await AssertFoundAsync("overheat", []);
        await AssertFoundAsync("lamp flick", [], also: fresh);
        await AssertFoundAsync("bulb repl", [], also: fresh);
    }

    private async Task AssertFoundAsync(string term, string[] expected, int? also = null)
    {
        int[] wanted = [.. expected.Select(name => _tasks[name]), .. also is { } id ? [id] : Array.Empty<int>()];
        wanted = [.. wanted.Order()];
        var service = App.Service<TaskQueryService>();
        var query = new TaskListQuery { Search = term, Status = "all", PageSize = TaskQueryService.MaxPageSize };

        var mine = await service.MyTasksAsync(_alice, query);
        var owned = await service.OwnedTicketsAsync(_alice, query);
        var all = await service.AllTasksAsync(_admin, new AllTasksQuery { Search = term, PageSize = TaskQueryService.MaxPageSize });

        Assert.Equal(wanted, mine.Results.Select(r => r.Task.TaskId).Order());
        Assert.Equal(wanted.Length, mine.Count);
        Assert.Equal(wanted, owned.Results.Select(r => r.TaskId).Order());
        Assert.Equal(wanted.Length, owned.Count);
        Assert.Equal(wanted, all.Results.Select(r => r.TaskId).Order());
        Assert.Equal(wanted.Length, all.Count);
    }

    private Task<int> AddAsync(string subject, string description = "", string? number = null) =>
        _scenario.AddTaskAsync(_it, subject, TicketPriority.Medium, _now, coordinator: _alice.UserId, assignee: _alice.UserId, description, number);
}
