using MudBlazor;

namespace TaskDesk.Web.Components.Shared;

/// <summary>
/// Keeps a server-side MudDataGrid on its newest load. The grid starts a load for each reload (a filter typed, a live
/// refresh, an action) and shows whatever each returns, in the order they finish: a slow load started before a newer
/// one would put its older rows (say, unfiltered) back over the newer ones. Through this, a load that finishes after a
/// newer one has been shown returns the newer rows instead. A component's loads run on its circuit, one at a time
/// between awaits, so no lock is needed.
/// </summary>
public sealed class NewestGridData<T>
{
    private long _started;
    private long _shown;
    private GridData<T>? _newest;

    /// <summary>Call with the load just started (before its first await returns).</summary>
    public async Task<GridData<T>> KeepAsync(Task<GridData<T>> load)
    {
        var number = ++_started;
        var data = await load;
        if (number < _shown && _newest is not null)
        {
            return _newest;
        }

        (_shown, _newest) = (number, data);
        return data;
    }
}
