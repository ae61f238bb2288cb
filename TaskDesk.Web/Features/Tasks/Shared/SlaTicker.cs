namespace TaskDesk.Web.Features.Tasks.Shared;

/// <summary>
/// The one clock a circuit's SLA countdowns redraw by: a timer per countdown cost an ITimer per row for the circuit's
/// life, and a page timer that redrew the whole page redrew its filters too, losing what a person was typing. Each
/// countdown listens to <see cref="Ticked"/> and redraws itself alone. Scoped, so one per circuit; the timer runs only
/// while someone listens.
/// </summary>
public sealed class SlaTicker(TimeProvider clock) : IDisposable
{
    /// <summary>How often the countdowns read the clock again; their text counts whole minutes.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Action? _ticked;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Raised on a timer thread once per <see cref="Period"/>; a component marshals to its renderer itself.</summary>
    public event Action Ticked
    {
        add
        {
            lock (_gate)
            {
                // A circuit going away disposes its scope and its components in either order: nothing left to tick for.
                if (_disposed)
                {
                    return;
                }

                _ticked += value;
                _timer ??= clock.CreateTimer(static ticker => ((SlaTicker)ticker!).Tick(), this, Period, Period);
            }
        }

        remove
        {
            lock (_gate)
            {
                _ticked -= value;
                if (_ticked is null)
                {
                    StopTimer();
                }
            }
        }
    }

    /// <summary>Whether the timer runs, i.e. some countdown is listening.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _timer is not null;
            }
        }
    }

    private void Tick() => Volatile.Read(ref _ticked)?.Invoke();

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _ticked = null;
            StopTimer();
        }
    }
}
