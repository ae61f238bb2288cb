using MudBlazor;
using TaskDesk.Web.Features.Tasks.Inboxes;

namespace TaskDesk.Web.Features.Tasks.Shared;

/// <summary>
/// An SLA reading drawn as MudChip's markup (the same classes, icon and test ids): amber once the configured share of
/// the window has passed, red once breached. HTML text, so a list keeps one string per row rather than a chip's
/// elements and attributes (<see cref="SlaCountdown"/> draws it as a component, My Tasks' table as a row's cell).
/// </summary>
public static class SlaChip
{
    public static string Html(SlaReading reading, DateTimeOffset? target)
    {
        var title = target is { } due ? $" title=\"Target {due.UtcDateTime:yyyy-MM-dd HH:mm} UTC\"" : "";
        var icon = IconOf(reading.State) is { } svg
            ? $"""<svg class="mud-icon-root mud-svg-icon mud-icon-size-small mud-chip-icon" focusable="false" viewBox="0 0 24 24" aria-hidden="true" role="img">{svg}</svg>"""
            : "";
        return $"""<div class="mud-chip-container"><div class="{ClassOf(reading.State)}"{title} data-testid="sla-countdown" data-sla-state="{SlaReading.Code(reading.State)}">{icon}<span class="mud-chip-content">{InboxCells.Text(reading.Text)}</span></div></div>""";
    }

    private static string ClassOf(SlaClock state) => state switch
    {
        SlaClock.Warning => "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-warning",
        SlaClock.Breached => "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-error",
        _ => "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-default",
    };

    private static string? IconOf(SlaClock state) => state switch
    {
        SlaClock.Paused => Icons.Material.Filled.Pause,
        SlaClock.Breached => Icons.Material.Filled.AlarmOn,
        SlaClock.None => null,
        _ => Icons.Material.Filled.Schedule,
    };
}
