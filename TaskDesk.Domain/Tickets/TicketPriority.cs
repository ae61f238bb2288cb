using TaskDesk.Domain.Workflows;

namespace TaskDesk.Domain.Tickets;

public enum TicketPriority
{
    Low,
    Medium,
    High,
    Critical,
    Urgent,
}

public static class TicketPriorities
{
    /// <summary>The workflow SLA a priority uses: critical and urgent both use the urgent SLA, as the seed's sla_map does.</summary>
    public static SlaPriority ToSla(this TicketPriority priority) => priority switch
    {
        TicketPriority.Low => SlaPriority.Low,
        TicketPriority.Medium => SlaPriority.Medium,
        TicketPriority.High => SlaPriority.High,
        TicketPriority.Critical or TicketPriority.Urgent => SlaPriority.Urgent,
        _ => throw new ArgumentOutOfRangeException(nameof(priority)),
    };

    public static string ToCode(this TicketPriority priority) => priority.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out TicketPriority priority)
    {
        foreach (var candidate in Enum.GetValues<TicketPriority>())
        {
            if (string.Equals(code?.Trim(), candidate.ToCode(), StringComparison.OrdinalIgnoreCase))
            {
                priority = candidate;
                return true;
            }
        }

        priority = default;
        return false;
    }
}
