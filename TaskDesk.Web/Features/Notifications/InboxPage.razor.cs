using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>Every notification of the signed-in user, paged on the server, kept current by the same feed as the bell.</summary>
public sealed partial class InboxPage : IDisposable
{
    private MudDataGrid<NotificationView>? _grid;
    private Actor? _actor;
    private IDisposable? _subscription;
    private bool _unreadOnly;
    private int _unread;
    private bool _busy;
    private string? _error;

    [Inject]
    private NotificationService Notifications { get; set; } = null!;

    [Inject]
    private NotificationFeed Feed { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    public void Dispose() => _subscription?.Dispose();

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        if (RendererInfo.IsInteractive)
        {
            _subscription = Feed.Subscribe(_actor.UserId, _ => InvokeAsync(ReloadAsync), () => InvokeAsync(ReloadAsync));
        }

        await CountAsync();
    }

    private async Task<GridData<NotificationView>> LoadPageAsync(GridState<NotificationView> state, CancellationToken ct)
    {
        try
        {
            var page = await Notifications.ListAsync(_actor!, new NotificationQuery(_unreadOnly, state.Page + 1, state.PageSize), ct);
            _error = null;
            return new GridData<NotificationView> { Items = page.Results, TotalItems = page.Count };
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _error = e.Message;
            return new GridData<NotificationView> { Items = [], TotalItems = 0 };
        }
    }

    private async Task ReloadAsync()
    {
        await CountAsync();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }

        StateHasChanged();
    }

    private async Task CountAsync() => _unread = await Notifications.UnreadCountAsync(_actor!);

    private async Task OnUnreadOnlyChangedAsync(bool unreadOnly)
    {
        _unreadOnly = unreadOnly;
        await ReloadAsync();
    }

    private async Task MarkReadAsync(NotificationView notification, bool reload)
    {
        await ActAsync(() => Notifications.MarkReadAsync(_actor!, notification.Id));
        if (reload)
        {
            await ReloadAsync();
        }
    }

    private async Task MarkAllReadAsync()
    {
        await ActAsync(() => Notifications.MarkAllReadAsync(_actor!));
        await ReloadAsync();
    }

    private async Task ActAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
