using System.Globalization;

namespace TaskDesk.Web.Components.Shared;

/// <summary>"just now", "5 min ago", "3 h ago", "2 d ago", then the date: how long ago something happened, for lists.</summary>
public static class RelativeTime
{
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var elapsed = now - at;
        return elapsed switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => $"{(int)elapsed.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)elapsed.TotalHours} h ago",
            { TotalDays: < 7 } => $"{(int)elapsed.TotalDays} d ago",
            _ => at.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        };
    }
}
