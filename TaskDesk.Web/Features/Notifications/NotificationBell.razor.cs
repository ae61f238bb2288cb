using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using TaskDesk.Web.Components.Shared;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>
/// Listens to <see cref="NotificationFeed"/> for the signed-in user while its circuit lives, so a notification written by
/// any process shows here within the relay's interval: no polling from the browser, one subscription per circuit.
/// </summary>
public sealed partial class NotificationBell
{
    /// <summary>How many of the newest notifications the menu lists; the inbox page has them all.</summary>
    public const int Latest = 10;

    // A burst (say, a bulk transfer) toasts a few, not dozens; the bell's count has them all.
    private const int MaxToastsPerBurst = 3;

    private readonly HashSet<long> _toasted = [];

    // The toasts on screen: the menu lists what they say, and they would cover its first items.
    private readonly List<Snackbar> _toasts = [];
    private int _unread;
    private IReadOnlyList<NotificationView> _latest = [];
    private int _loads;
    private bool _busy;
    private bool _open;
    private string? _error;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ILogger<NotificationBell> Logger { get; set; } = null!;

    private string BadgeText => _unread > 99 ? "99+" : _unread.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string BellLabel => _unread == 0 ? "Notifications" : $"Notifications: {_unread} unread";

    protected override Task LoadAsync() => ReloadAsync();

    protected override async Task OnNewAsync(IReadOnlyList<long> ids)
    {
        if (await ReloadAsync())
        {
            Toast(ids);
        }

        StateHasChanged();
    }

    /// <summary>Reads the count and the newest page; false when a later load overtook this one (its answer is older).</summary>
    private async Task<bool> ReloadAsync()
    {
        if (IsDisposed)
        {
            return false;
        }

        var load = ++_loads;
        try
        {
            var unread = await Notifications.UnreadCountAsync(Actor);
            var latest = await Notifications.ListAsync(Actor, new NotificationQuery(PageSize: Latest));
            if (load != _loads)
            {
                return false;
            }

            (_unread, _latest, _error) = (unread, latest.Results, null);
            return true;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _error = e.Message;
            return false;
        }
        catch (Exception e) when (Unavailable(e))
        {
            return false;
        }
    }

    /// <summary>
    /// The bell sits on every page: a failure of its own (the database away for a moment) must not end the circuit and
    /// take the page, and what was typed on it, along. It says so and tries again on the next notification or click.
    /// </summary>
    private bool Unavailable(Exception error)
    {
        if (error is OperationCanceledException)
        {
            return false;
        }

        Logger.LogError(error, "The notification bell could not reach its notifications");
        _error = "Notifications could not be loaded just now; they will be shown again shortly.";
        return true;
    }
    private void Toast(IReadOnlyList<long> ids)
    {
        // Once per circuit: another relay round or a reload does not toast the same notification again.
        var fresh = _latest.Where(n => ids.Contains(n.Id) && !n.IsRead && _toasted.Add(n.Id)).Take(MaxToastsPerBurst);
        _toasts.RemoveAll(toast => !Snackbar.ShownSnackbars.Contains(toast));
        foreach (var notification in fresh)
        {
            if (Snackbar.Add($"{notification.Title}: {notification.TicketNumber}", Severity.Info, options => options.OnClick = _ => OpenAsync(notification)) is { } toast)
            {
                _toasts.Add(toast);
            }
        }
    }

    private void DismissToasts()
    {
        foreach (var toast in _toasts)
        {
            Snackbar.Remove(toast);
        }

        _toasts.Clear();
    }

    // Opening reads the newest again: the count is live, the list is read when someone looks. It also takes the
    // notification toasts away (the snackbars sit over the menu's first items); toasts of other kinds stay.
    private async Task ToggleAsync()
    {
        _open = !_open;
        if (_open)
        {
            DismissToasts();
            await ReloadAsync();
        }
    }

    private void Close() => _open = false;

    private void CloseOnEscape(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            Close();
        }
    }

    // A menu item opens with Enter or Space, as a button would: the items are divs, which keys do not click.
    private Task OpenOnKeyAsync(KeyboardEventArgs e, NotificationView notification) =>
        e.Key is "Enter" or " " ? OpenAsync(notification) : Task.CompletedTask;

    private async Task OpenAsync(NotificationView notification)
    {
        if (!notification.IsRead)
        {
            try
            {
                await Notifications.MarkReadAsync(Actor, notification.Id);
            }
            catch (Exception e) when (Refusal.Is(e))
            {
                // Going to the task matters more than the mark; the bell says why the mark did not stick.
                _error = e.Message;
            }
            catch (Exception e) when (Unavailable(e))
            {
                // Likewise.
            }
        }

        Close();
        Navigation.NavigateTo($"tasks/{notification.TaskId}");
    }

    private async Task MarkAllReadAsync()
    {
        _busy = true;
        try
        {
            // Up to the newest the menu has shown: one that came in since stays unread, and is toasted when it arrives.
            await Notifications.MarkAllReadAsync(Actor, upTo: _latest.Count == 0 ? null : _latest.Max(n => n.Id));
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _error = e.Message;
        }
        catch (Exception e) when (Unavailable(e))
        {
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }
}
