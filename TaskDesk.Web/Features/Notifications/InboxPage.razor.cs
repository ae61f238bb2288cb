using MudBlazor;
using TaskDesk.Web.Components.Shared;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>Every notification of the signed-in user, paged on the server, kept current by the same feed as the bell.</summary>
public sealed partial class InboxPage
{
    private MudDataGrid<NotificationView>? _grid;
    private bool _unreadOnly;
    private int _unread;
    private bool _busy;
    private string? _error;
    private long? _newestShown;

    protected override async Task LoadAsync() => _unread = await Notifications.UnreadCountAsync(Actor);

    protected override Task OnNewAsync(IReadOnlyList<long> ids) => ReloadAsync();

    protected override Task OnReadElsewhereAsync() => ReloadAsync();

    private readonly NewestGridData<NotificationView> _newest = new();

    private Task<GridData<NotificationView>> LoadPageAsync(GridState<NotificationView> state, CancellationToken ct) => _newest.KeepAsync(ReadPageAsync(state, ct));

    private async Task<GridData<NotificationView>> ReadPageAsync(GridState<NotificationView> state, CancellationToken ct)
    {
        try
        {
            var page = await Notifications.ListAsync(Actor, new NotificationQuery(_unreadOnly, state.Page + 1, state.PageSize), ct);
            _newestShown = page.Results.Select(n => n.Id).Append(_newestShown ?? 0).Max();
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
        await LoadAsync();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }

        StateHasChanged();
    }

    private async Task OnUnreadOnlyChangedAsync(bool unreadOnly)
    {
        _unreadOnly = unreadOnly;
        await ReloadAsync();
    }

    private async Task MarkReadAsync(NotificationView notification, bool reload)
    {
        await ActAsync(() => Notifications.MarkReadAsync(Actor, notification.Id));
        if (reload)
        {
            await ReloadAsync();
        }
    }

    private async Task MarkAllReadAsync()
    {
        // Up to the newest the page has shown: one that came in since stays unread until it is seen.
        await ActAsync(() => Notifications.MarkAllReadAsync(Actor, upTo: _newestShown));
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
