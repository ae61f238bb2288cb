using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Email;

namespace TaskDesk.Tests.Web.Email;

public sealed class EmailTemplatesTests
{
    [Theory]
    [InlineData(TaskEventKind.SlaWarning, "Triage", "The step Triage is close to its resolution target.")]
    [InlineData(TaskEventKind.SlaBreach, "Triage", "The step Triage has passed its resolution target.")]
    [InlineData(TaskEventKind.SlaWarning, null, "The ticket is close to its resolution target.")]
    [InlineData(TaskEventKind.SlaBreach, null, "The ticket has passed its resolution target.")]
    public void AnSlaEmail_NamesTheStepItIsAbout_OrTheTicketForTheTicketsOwnTarget(TaskEventKind kind, string? step, string lead)
    {
        var email = EmailTemplates.Render(new EmailFacts(kind, "Cora", "TX-1", "Laptop not working", step, "", "https://taskdesk.local/tasks/1"));

        Assert.Contains(lead, email.Text, StringComparison.Ordinal);
        Assert.Contains(lead, email.Html, StringComparison.Ordinal);
    }
}
