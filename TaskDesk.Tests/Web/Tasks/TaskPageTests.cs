using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Notifications;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Features.Tasks.Page;
using TaskDesk.Web.Features.Tasks.Shared;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Tasks;

/// <summary>The task page rendered by bUnit over the real services and database, as each kind of viewer.</summary>
public sealed class TaskPageTests : RuntimeComponentTest
{
    private BunitJSModuleInterop _canvas = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    [Fact]
    public async Task TheAssignee_OpensTheTask_ItStarts_AndTheyGetOneButtonPerTransition()
    {
        var taskId = await NewTaskAsync("TX-PAGE-A");
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        var assign = await TransitionIdAsync("Assign");

        var page = await OpenAsync(assignee, taskId);

        page.WaitForAssertion(() => Assert.Equal("in progress", page.Find("[data-testid=task-status]").TextContent.Trim()), Patience);
        Assert.Equal("in progress", page.Find($"[data-testid=assignment][data-item-id='{itemId}'] [data-testid=assignment-status]").TextContent.Trim());
        Assert.Equal("Assign", page.Find($"[data-testid=transition-{assign}]").TextContent.Trim());
        Assert.Contains("Laptop not working", page.Find("[data-testid=task-ticket]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Riley Requester", page.Find("[data-testid=ticket-requester]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Triage", page.Find("[data-testid=task-current-step]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=task-cancel]"));
        Assert.Empty(page.FindAll($"[data-testid=transfer-{itemId}]"));
        Assert.Contains(page.FindAll("[data-testid=timeline-text]"), e => e.TextContent == $"{NameOf(assignee)} started work on Triage");
        var triage = $"step:{await StepIdAsync(taskId)}";
        Assert.Equal(triage, page.Find("[data-testid=designer-canvas]").GetAttribute("data-highlighted-step"));
        Assert.Contains(_canvas.Invocations["highlight"], i => (string?)i.Arguments[0] == triage);

        await using var db = App.CreateDbContext();
        Assert.Equal(AssignmentStatus.InProgress, (await db.TaskItems.SingleAsync(i => i.Id == itemId)).Status);
    }

    [Fact]
    public async Task TheCoordinator_GetsTransferAndCancel_NotTheTransitions_AndCancelAsksForAReason()
    {
        var taskId = await NewTaskAsync("TX-PAGE-C");
        var (_, itemId) = await CurrentAssigneeAsync(taskId);
        var coordinator = await CoordinatorAsync(taskId);

        var page = await OpenAsync(coordinator, taskId);

        page.WaitForElement($"[data-testid=transfer-{itemId}]", Patience);
        Assert.Empty(page.FindAll("[data-testid^=transition-]"));
        Assert.Empty(page.FindAll("[data-testid=task-start]"));
        Assert.Equal("pending", page.Find("[data-testid=task-status]").TextContent.Trim());

        page.Find("[data-testid=task-cancel]").Click();
        _dialogs.WaitForElement("[data-testid=reason-confirm]", Patience);
        _dialogs.Find("textarea[data-testid=reason-text]").Input("Duplicate of TX-PAGE-A");
        _dialogs.Find("[data-testid=reason-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find("[data-testid=task-status]").TextContent.Trim()), Patience);
        Assert.Contains(page.FindAll("[data-testid=timeline-note]"), e => e.TextContent.Contains("Duplicate of TX-PAGE-A", StringComparison.Ordinal));
        Assert.Equal("This task was cancelled.", page.Find("[data-testid=no-actions]").TextContent.Trim());
        Assert.Equal("cancelled", (string)(await TaskAsync(taskId))["status"]!);
    }

    [Fact]
    public async Task OnHold_ShowsResume_NotHoldOrTheTransitions_AndEveryCountdownIsPaused()
    {
        var taskId = await NewTaskAsync("TX-PAGE-H");
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var actor = new Actor(UserIds[assignee], IsAdministrator: false);
        var tasks = App.Service<TaskService>();
        await tasks.StartAsync(actor, taskId);
        await tasks.HoldAsync(actor, taskId, "Waiting for the requester");

        var page = await OpenAsync(assignee, taskId);

        page.WaitForElement("[data-testid=task-resume]", Patience);
        Assert.Empty(page.FindAll("[data-testid=task-hold]"));
        Assert.Empty(page.FindAll("[data-testid^=transition-]"));
        Assert.Contains("Waiting for the requester", page.Find("[data-testid=task-hold-reason]").TextContent, StringComparison.Ordinal);
        var countdowns = page.FindComponents<SlaCountdown>();
        Assert.Equal(2, countdowns.Count);
        Assert.All(countdowns, c => Assert.True(c.Instance.Paused));

        page.Find("[data-testid=task-resume]").Click();
        _dialogs.WaitForElement("[data-testid=reason-confirm]", Patience);
        _dialogs.Find("[data-testid=reason-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("in progress", page.Find("[data-testid=task-status]").TextContent.Trim()), Patience);
        Assert.NotEmpty(page.FindAll("[data-testid=task-hold]"));
        Assert.All(page.FindComponents<SlaCountdown>(), c => Assert.False(c.Instance.Paused));
    }

    [Fact]
    public async Task ARefusedAction_ShowsTheServicesMessage_AndThePageShowsTheTaskAsItNowIs()
    {
        var taskId = await NewTaskAsync("TX-PAGE-R");
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var assign = await TransitionIdAsync("Assign");
        var page = await OpenAsync(assignee, taskId);
        page.WaitForAssertion(() => Assert.Equal("in progress", page.Find("[data-testid=task-status]").TextContent.Trim()), Patience);

        // The task moves on elsewhere (another tab, the API) while this page still offers the old step's transition.
        await App.Service<TaskService>().TransitionAsync(new Actor(UserIds[assignee], IsAdministrator: false), taskId, assign, "Done from the API");
        page.Find($"[data-testid=transition-{assign}]").Click();
        _dialogs.WaitForElement("[data-testid=reason-confirm]", Patience);
        _dialogs.Find("textarea[data-testid=reason-text]").Input("My notes");
        _dialogs.Find("[data-testid=reason-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("has already moved on from step 'Triage'", page.Find("[data-testid=action-refused]").TextContent, StringComparison.Ordinal), Patience);

        // The refusal may be drawn before the reload that follows it has finished.
        page.WaitForAssertion(() => Assert.Equal("Resolution", page.Find("[data-testid=task-current-step]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("[data-testid^=transition-]"));
        Assert.DoesNotContain(page.FindAll("[data-testid=timeline-note]"), e => e.TextContent.Contains("My notes", StringComparison.Ordinal));

        // The notes were not saved, and the transition is gone from the page: they are shown with the refusal instead.
        Assert.Equal("My notes", page.Find("[data-testid=unsent-text]").TextContent);
    }

    [Fact]
    public async Task AStranger_Gets403_AndTheResponseSaysSo_WhileAMissingTaskIs404()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-PAGE-S"));
        var denied = new DefaultHttpContext();
        var missing = new DefaultHttpContext();

        var deniedPage = await OpenAsync("ava@tests.local", taskId, denied);
        deniedPage.WaitForElement("[data-testid=access-denied]", Patience);
        var missingPage = Render(987654, missing);
        missingPage.WaitForElement("[data-testid=task-not-found]", Patience);

        Assert.Equal(StatusCodes.Status403Forbidden, denied.Response.StatusCode);
        Assert.Contains("is not yours", deniedPage.Find("[data-testid=task-denied-reason]").TextContent, StringComparison.Ordinal);
        Assert.Empty(deniedPage.FindAll("[data-testid=task-ticket]"));
        Assert.Equal(StatusCodes.Status404NotFound, missing.Response.StatusCode);
        Assert.Equal("Task 987654 does not exist.", missingPage.Find("[data-testid=task-not-found]").TextContent.Trim());
    }

    [Fact]
    public async Task ANotificationAboutTheTask_ReloadsTheOpenPage_EvenOneThatWasDenied()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-PAGE-L"));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        var other = assignee == "tina@tests.local" ? "theo@tests.local" : "tina@tests.local";
        var page = await OpenAsync(other, taskId);
        page.WaitForElement("[data-testid=access-denied]", Patience);
        Assert.Equal(1, App.Service<NotificationFeed>().SubscriberCount(UserIds[other]));

        await App.Service<TaskService>().TransferAsync(new Actor(await CoordinatorIdAsync(taskId), IsAdministrator: false), itemId, UserIds[other], "Over to you");

        // A reload is not an opening: the new assignment waits for its Start button (or the next visit).
        page.WaitForElement("[data-testid=task-ticket]", Patience);
        Assert.Equal(NameOf(other), page.Find("[data-testid=assignment-user]").TextContent.Trim());
        Assert.Equal("new", page.Find("[data-testid=assignment-status]").TextContent.Trim());
        page.Find("[data-testid=task-start]").Click();
        page.WaitForAssertion(() => Assert.Equal("in progress", page.Find("[data-testid=assignment-status]").TextContent.Trim()), Patience);

        page.Instance.Dispose();
        Assert.Equal(0, App.Service<NotificationFeed>().SubscriberCount(UserIds[other]));
    }

    /// <summary>
    /// A task for a new ticket, once intake's notification (to the assignee) has passed the relay: a page opened later
    /// would otherwise reload when it arrives, and a reload between finding a button and clicking it loses the click.
    /// </summary>
    private async Task<int> NewTaskAsync(string number)
    {
        var relayed = new TaskCompletionSource();
        var feed = App.Service<NotificationFeed>();
        var listening = UserIds.Values.Select(id => feed.Subscribe(id, _ =>
        {
            relayed.TrySetResult();
            return Task.CompletedTask;
        })).ToList();
        try
        {
            var taskId = await TaskIdOfAsync(TicketBody(number));
            await relayed.Task.WaitAsync(Patience);
            return taskId;
        }
        finally
        {
            listening.ForEach(l => l.Dispose());
        }
    }

    /// <summary>Signs in as <paramref name="email"/> and renders the page live (or as the prerender, with its request).</summary>
    private async Task<IRenderedComponent<TaskPage>> OpenAsync(string email, int taskId, HttpContext? prerender = null)
    {
        await SignInAsync(email);
        _canvas = Ctx.JSInterop.SetupModule("./js/designer/designer.js").SetupModule(i => i.Identifier == "create");
        _dialogs = Ctx.Render<MudDialogProvider>();
        Ctx.SetRendererInfo(new RendererInfo(prerender is null ? "Server" : "Static", isInteractive: prerender is null));
        return Render(taskId, prerender);
    }

    private IRenderedComponent<TaskPage> Render(int taskId, HttpContext? prerender = null) =>
        Ctx.Render<TaskPage>(p =>
        {
            p.Add(c => c.TaskId, taskId);
            if (prerender is not null)
            {
                p.AddCascadingValue(prerender);
            }
        });

    private static string NameOf(string email) => email.Split('@')[0];

    private async Task<int> TransitionIdAsync(string name) =>
        (int)(await GetAsync($"/api/workflows/{WorkflowId}/graph"))["edges"]!.AsArray().Single(e => (string)e!["name"]! == name)!["transition_id"]!;

    private async Task<int> StepIdAsync(int taskId) => (int)(await TaskAsync(taskId))["current_step_id"]!;

    private async Task<int> CoordinatorIdAsync(int taskId) => (int)(await TaskAsync(taskId))["coordinator_user_id"]!;

    private async Task<string> CoordinatorAsync(int taskId)
    {
        var id = await CoordinatorIdAsync(taskId);
        return UserIds.Single(p => p.Value == id).Key;
    }
}
