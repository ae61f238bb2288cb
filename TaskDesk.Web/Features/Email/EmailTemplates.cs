using System.Net;
using System.Text;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Web.Features.Email;

/// <summary>What a message says, loaded for one outbox row when it is sent.</summary>
/// <param name="ToRequester">The ticket's requester, who is not a TaskDesk user (the <c>notification</c> end logic writes to them).</param>
public sealed record EmailFacts(TaskEventKind Kind, string RecipientName, string TicketNumber, string TicketSubject, string? StepName, string Note, string TaskLink, bool ToRequester = false);

public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>One template per event of the seed's notification table: a subject, a plain-text body and an HTML body.</summary>
public static class EmailTemplates
{
    public static RenderedEmail Render(EmailFacts facts)
    {
        var step = string.IsNullOrWhiteSpace(facts.StepName) ? "a step" : $"the step {facts.StepName}";

        // An SLA event without a step is the ticket's own target (the task's), not one of its steps'.
        var target = string.IsNullOrWhiteSpace(facts.StepName) ? "the ticket" : step;
        var (title, lead, noteLabel) = facts.Kind switch
        {
            TaskEventKind.NewAssignment => ("New task assignment", $"You are assigned {step}.", "Note"),
            TaskEventKind.Transfer => ("Task transferred to you", $"{Capitalize(step)} was transferred to you.", "Reason"),
            TaskEventKind.Escalation => ("Task escalated to you", $"{Capitalize(step)} was escalated to you.", "Reason"),
            TaskEventKind.TaskComplete when facts.ToRequester => ("Your ticket is complete", "Your ticket has been worked through and is now complete.", "Note"),
            TaskEventKind.TaskComplete => ("Task complete", "The ticket you coordinate is complete: its workflow reached its end step.", "Note"),
            TaskEventKind.SlaWarning => ("SLA warning", $"{Capitalize(target)} is close to its resolution target.", "Detail"),
            TaskEventKind.SlaBreach => ("SLA breach", $"{Capitalize(target)} has passed its resolution target.", "Detail"),
            _ => throw new ArgumentOutOfRangeException(nameof(facts), facts.Kind, "No email template for this event."),
        };

        var ticket = facts.TicketSubject.Length > 0 ? $"{facts.TicketNumber} · {facts.TicketSubject}" : facts.TicketNumber;
        var subject = OneLine($"[{facts.TicketNumber}] {title}" + (facts.TicketSubject.Length > 0 ? $": {facts.TicketSubject}" : ""));
        var greeting = facts.RecipientName.Length > 0 ? $"Hello {facts.RecipientName}," : "Hello,";
        var hasNote = !string.IsNullOrWhiteSpace(facts.Note);

        var text = new StringBuilder()
            .AppendLine(greeting).AppendLine()
            .AppendLine($"Ticket {ticket}").AppendLine(lead);
        if (hasNote)
        {
            text.AppendLine($"{noteLabel}: {facts.Note}");
        }

        text.AppendLine().AppendLine($"Open the task: {facts.TaskLink}").AppendLine().AppendLine("— TaskDesk");

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family: sans-serif\">")
            .Append("<p>").Append(Encode(greeting)).Append("</p>")
            .Append("<p><strong>Ticket ").Append(Encode(ticket)).Append("</strong><br>").Append(Encode(lead)).Append("</p>");
        if (hasNote)
        {
            html.Append("<p>").Append(Encode(noteLabel)).Append(": ").Append(Encode(facts.Note)).Append("</p>");
        }

        html.Append("<p><a href=\"").Append(Encode(facts.TaskLink)).Append("\">Open the task</a></p>")
            .Append("<p style=\"color: #777\">— TaskDesk</p></body></html>");
        return new RenderedEmail(subject, text.ToString(), html.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Capitalize(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];

    // A ticket subject comes from another system: a line break in it must not end the header.
    private static string OneLine(string value) => value.ReplaceLineEndings(" ");
}
