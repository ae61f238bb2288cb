namespace TaskDesk.Web.Features.Tasks.Shared;

/// <summary>Where an SLA clock stands for the person looking at it.</summary>
public enum SlaClock
{
    None,
    Ok,
    Warning,
    Breached,
    Paused,
}

/// <summary>What an SLA countdown shows at a moment: its state and a short text such as "3h 20m left" or "12m overdue".</summary>
public sealed record SlaReading(SlaClock State, string Text)
{
    public static readonly SlaReading None = new(SlaClock.None, "—");

    /// <summary>
    /// The reading at <paramref name="now"/>. Warning once <paramref name="warningAt"/> (a share, 0–1) of the window from
    /// <paramref name="windowStart"/> to <paramref name="target"/> has passed; breached once past the target; paused wins
    /// over both because a held task's targets move when it resumes.
    /// </summary>
    public static SlaReading At(DateTimeOffset now, DateTimeOffset? target, DateTimeOffset? windowStart, bool paused, double warningAt)
    {
        if (target is not { } due)
        {
            return None;
        }

        if (paused)
        {
            return new SlaReading(SlaClock.Paused, "paused");
        }

        if (now >= due)
        {
            return new SlaReading(SlaClock.Breached, $"{Span(now - due)} overdue");
        }

        var warning = windowStart is { } start && due > start && (now - start) / (due - start) >= warningAt;
        return new SlaReading(warning ? SlaClock.Warning : SlaClock.Ok, $"{Span(due - now)} left");
    }

    public static string Code(SlaClock state) => state.ToString().ToLowerInvariant();

    /// <summary>The two largest units, rounded down: "2d 3h", "3h 20m", "12m"; under a minute is "&lt;1m".</summary>
    private static string Span(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays}d {span.Hours}h",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours}h {span.Minutes}m",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes}m",
        _ => "<1m",
    };
}
