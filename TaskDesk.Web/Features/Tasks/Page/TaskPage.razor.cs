using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Notifications;
using TaskDesk.Web.Features.Workflows.Designer;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks.Page;

/// <summary>
/// One task for the people who work or watch it. Loads through <see cref="TaskDetails"/> (which decides who may see it),
/// acts through <see cref="TaskService"/> (which decides who may act), and reloads when a notification about the task
/// reaches the viewer.
/// </summary>
public partial class TaskPage
{
    private TaskPageView? _page;
    private WorkingGraph? _graph;
    private IReadOnlyDictionary<int, string> _roleNames = new Dictionary<int, string>();
    private IReadOnlyList<TimelineEntry> _timeline = [];
    private Actor? _actor;
    private IDisposable? _subscription;
    private int? _loadedId;
    private string? _denied;
    private string? _missing;
    private string? _refusal;

    // The note or reason of a refused action, shown with the refusal.
    private string? _unsent;
    private bool _busy;

    [Inject]
    private TaskDetails Details { get; set; } = null!;

    [Inject]
    private NotificationFeed Feed { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    /// <summary>The request being prerendered; null once the page is interactive (there is no response left to set).</summary>
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [Parameter]
    public int TaskId { get; set; }

    private string Title => _page is { } page ? $"{page.Details.Ticket.TicketNumber} · {page.Details.Ticket.Subject}" : $"Task {TaskId}";

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);

        // Only the live circuit listens; the prerender is a one-off HTML response.
        if (RendererInfo.IsInteractive)
        {
            var viewer = _actor.UserId;
            _subscription = Feed.Subscribe(viewer, ids => InvokeAsync(() => ReloadIfAboutThisTaskAsync(viewer, ids)));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId == TaskId)
        {
            return;
        }

        _loadedId = TaskId;
        (_refusal, _unsent) = (null, null);
        await LoadAsync();

        // The seed: "a task item moves to in progress when its assignee opens it". Only the live page does it, once,
        // so a prerender (or anything else fetching the HTML) changes nothing.
        if (RendererInfo.IsInteractive && _page is { Abilities.Start: true })
        {
            await ActAsync((actor, tasks) => tasks.StartAsync(actor, TaskId), done: null);
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var page = await Details.GetPageAsync(_actor!, TaskId);
            _page = page;
            _denied = null;
            _missing = null;
            _graph = WorkingGraph.From(page.Definition);
            _roleNames = WorkingGraph.RoleNames(page.Definition);
            _timeline = TaskTimeline.Build(page);
        }
        catch (AccessDeniedException denied)
        {
            Show(StatusCodes.Status403Forbidden, denied: denied.Message, missing: null);
        }
        catch (DomainNotFoundException missing)
        {
            Show(StatusCodes.Status404NotFound, denied: null, missing: missing.Message);
        }
    }

    private void Show(int status, string? denied, string? missing)
    {
        _page = null;
        _graph = null;
        _denied = denied;
        _missing = missing;

        // Prerendering waits for this load before it writes anything, so the refusal is the response's real status.
        // A 404 body is left to the app's not-found page (the component endpoint has it re-executed); the live
        // circuit then shows this page's own message.
        if (HttpContext is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = status;
        }
    }

    private async Task ReloadIfAboutThisTaskAsync(int viewer, IReadOnlyList<long> notificationIds)
    {
        if (await Details.AnyNotificationAboutAsync(viewer, TaskId, notificationIds))
        {
            await LoadAsync();
            StateHasChanged();
        }
    }

    private static bool HasTaskActions(TaskPageView page) =>
        page.Abilities is { Start: true } or { Hold: true } or { Resume: true } or { Cancel: true }
        || (page.Abilities.Transition && page.Details.AvailableTransitions.Count > 0)
        || page.Abilities.Transferable.Count > 0 || page.Abilities.Escalatable.Count > 0;

    private static string NoActionsText(WorkTaskStatus status) => status switch
    {
        WorkTaskStatus.Completed => "This task is completed.",
        WorkTaskStatus.Cancelled => "This task was cancelled.",
        _ => "Nothing for you to do on this task now.",
    };

    private static Color StatusColor(WorkTaskStatus status) => status switch
    {
        WorkTaskStatus.Pending => Color.Default,
        WorkTaskStatus.InProgress => Color.Info,
        WorkTaskStatus.OnHold => Color.Warning,
        WorkTaskStatus.Completed => Color.Success,
        _ => Color.Dark,
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
