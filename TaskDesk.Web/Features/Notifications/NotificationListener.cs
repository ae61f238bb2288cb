using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>
/// A component that shows the signed-in user's notifications and keeps them current: while its circuit is live it
/// listens to <see cref="NotificationFeed"/> (subscribed before its first load, so nothing written in between is missed)
/// and stops when disposed. A prerender is thrown away at once, so it never listens.
/// </summary>
public abstract class NotificationListener : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    protected Actor Actor { get; private set; } = null!;

    protected bool IsDisposed { get; private set; }

    [Inject]
    protected NotificationService Notifications { get; set; } = null!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    protected TimeProvider Clock { get; set; } = null!;

    [Inject]
    private NotificationFeed Feed { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    public void Dispose()
    {
        IsDisposed = true;
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        Actor = Actor.From((await AuthenticationState).User);
        if (RendererInfo.IsInteractive)
        {
            // The feed calls from the relay's thread: marshal onto this circuit's.
            _subscription = Feed.Subscribe(Actor.UserId, ids => InvokeAsync(() => OnNewAsync(ids)), () => InvokeAsync(OnReadElsewhereAsync));
        }

        await LoadAsync();
    }

    /// <summary>Reads what the component shows.</summary>
    protected abstract Task LoadAsync();

    /// <summary>New notifications for the user, on this circuit's thread.</summary>
    protected abstract Task OnNewAsync(IReadOnlyList<long> ids);

    /// <summary>The user marked some read in another tab (or this one) of this process, on this circuit's thread.</summary>
    protected virtual async Task OnReadElsewhereAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }
}
