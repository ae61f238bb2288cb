using AngleSharp.Dom;
using Bunit;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>Reads the list screens' grids as a person scans them: the ticket numbers in order, and one row's cells.</summary>
public static class GridRows
{
    /// <summary>The ticket numbers of the rows on screen, top to bottom (each row carries <c>data-testid="row-{number}"</c>).</summary>
    public static IReadOnlyList<string> Numbers<T>(IRenderedComponent<T> component)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        component.FindAll("[data-testid^=row-]").Select(e => e.GetAttribute("data-testid")!["row-".Length..]).ToList();

    /// <summary>The table row of a ticket.</summary>
    public static IElement Row<T>(IRenderedComponent<T> component, string ticketNumber)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        component.Find($"[data-testid=row-{ticketNumber}]").Closest("tr")
        ?? throw new InvalidOperationException($"Row {ticketNumber} is not in a table row.");

    /// <summary>The SLA countdown state of a ticket's row (none, ok, warning, breached, paused).</summary>
    public static string? SlaState<T>(IRenderedComponent<T> component, string ticketNumber)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        Row(component, ticketNumber).QuerySelector("[data-testid=sla-countdown]")?.GetAttribute("data-sla-state");

    /// <summary>The text of the element with the test id inside a ticket's row.</summary>
    public static string Cell<T>(IRenderedComponent<T> component, string ticketNumber, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        Row(component, ticketNumber).QuerySelector($"[data-testid={testId}]")?.TextContent.Trim()
        ?? throw new InvalidOperationException($"Row {ticketNumber} has no [data-testid={testId}].");
}
