using System.Globalization;
using MudBlazor;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Workflows;

/// <summary>How workflow values read on the pages, so the list, the workflow and its versions say them alike.</summary>
public static class WorkflowDisplay
{
    public const string None = "—";

    public static string Version(int? number) => number is { } n ? $"v{n.ToString(CultureInfo.InvariantCulture)}" : None;

    public static string Sla(TimeSpan? sla) => sla is { } value ? SlaDuration.Format(value) : None;

    public static string Text(string? text) => string.IsNullOrWhiteSpace(text) ? None : text;

    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string EndLogicName(EndLogic endLogic) => endLogic == EndLogic.None ? "None" : endLogic.ToString();

    public static string Weight(decimal weight) => weight.ToString("0.###", CultureInfo.InvariantCulture);

    public static string StartEnd(bool isStart, bool isEnd) => (isStart, isEnd) switch
    {
        (true, true) => "Start, end",
        (true, false) => "Start",
        (false, true) => "End",
        _ => None,
    };

    public static Color StatusColor(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Draft => Color.Default,
        WorkflowStatus.Deployed => Color.Info,
        WorkflowStatus.Initialized => Color.Success,
        WorkflowStatus.Paused => Color.Warning,
        _ => Color.Dark,
    };
}
