using System.Text.Encodings.Web;
using MudBlazor;

namespace TaskDesk.Web.Features.Tasks.Shared;

/// <summary>An SLA window as a countdown reads it: when it is due (null: no SLA), where it started, and whether it is held.</summary>
public readonly record struct SlaWindow(DateTimeOffset? Target, DateTimeOffset? WindowStart, bool Paused)
{
    public SlaReading ReadAt(DateTimeOffset now, double warningAt) => SlaReading.At(now, Target, WindowStart, Paused, warningAt);
}

/// <summary>
/// An SLA reading drawn as MudChip draws an outlined small chip (its classes, icon and test ids): amber once the warning
/// share of the window has passed, red once breached. One string, so a countdown is one markup frame, wherever it is
/// drawn (<see cref="SlaCountdown"/>, the rows of a table).
/// </summary>
public static class SlaChip
{
    public static string Html(SlaReading reading, DateTimeOffset? target)
    {
        var title = target is { } due ? $" title=\"Target {due.UtcDateTime:yyyy-MM-dd HH:mm} UTC\"" : "";
        var icon = IconOf(reading.State) is { } path
            ? $"""<svg class="mud-icon-root mud-svg-icon mud-icon-size-small mud-chip-icon" focusable="false" viewBox="0 0 24 24" aria-hidden="true" role="img">{path}</svg>"""
            : "";
        return $"""<div class="mud-chip-container"><div class="{ClassOf(reading.State)}"{title} data-testid="sla-countdown" data-sla-state="{SlaReading.Code(reading.State)}">{icon}<span class="mud-chip-content">{HtmlEncoder.Default.Encode(reading.Text)}</span></div></div>""";
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
