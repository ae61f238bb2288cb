using TaskDesk.Domain.Common;

namespace TaskDesk.Domain.Tickets;

public enum TicketIntakeStatus
{
    /// <summary>Stored; the intake job has not run yet.</summary>
    Received,

    /// <summary>A task was created for it.</summary>
    Matched,

    /// <summary>No initialized workflow takes its department and category; matched again when one is initialized.</summary>
    Unmatched,
}

/// <summary>What a ticket says, as the seed's WorkflowTicket snapshot; a ticket sent again updates it.</summary>
public sealed record TicketContent(
    string? TicketNumber,
    string? Subject,
    string? Description,
    string? Department,
    string? Category,
    string? SubCategory,
    TicketPriority Priority,
    string? RequesterName,
    string? RequesterEmail,
    DateTimeOffset? SubmittedAt);

/// <summary>A ticket from another system or from the New ticket page: the snapshot TaskDesk works from.</summary>
public sealed class Ticket
{
    public const int TicketNumberMaxLength = 50;
    public const int SubjectMaxLength = 300;
    public const int DescriptionMaxLength = 20_000;
    public const int MatchFieldMaxLength = 100;
    public const int RequesterMaxLength = 256;

    private Ticket()
    {
        TicketNumber = "";
        Subject = "";
        Description = "";
        Department = "";
        Category = "";
        SubCategory = "";
        RequesterName = "";
        RequesterEmail = "";
    }

    public Ticket(TicketContent content, DateTimeOffset now)
        : this()
    {
        ReceivedAt = now;
        Status = TicketIntakeStatus.Received;
        Apply(content, now);
    }

    public int Id { get; private set; }

    public string TicketNumber { get; private set; }

    public string Subject { get; private set; }

    public string Description { get; private set; }

    public string Department { get; private set; }

    public string Category { get; private set; }

    public string SubCategory { get; private set; }

    public TicketPriority Priority { get; private set; }

    public string RequesterName { get; private set; }

    public string RequesterEmail { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public TicketIntakeStatus Status { get; private set; }

    /// <summary>How many times the ticket arrived (the first time included).</summary>
    public int Deliveries { get; private set; }

    public static IReadOnlyList<ValidationIssue> Check(TicketContent content)
    {
        var issues = new List<ValidationIssue>();
        var number = Guard.Text(content.TicketNumber, "ticket_number", TicketNumberMaxLength, required: true, m => ValidationIssue.Field("ticket_number", m), issues);
        if (number.Length > 0 && !number.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            issues.Add(ValidationIssue.Field("ticket_number", "ticket_number may hold only letters, digits, '-', '_' and '.'."));
        }

        Guard.Text(content.Subject, "subject", SubjectMaxLength, required: true, m => ValidationIssue.Field("subject", m), issues);
        Guard.Text(content.Description, "description", DescriptionMaxLength, required: false, m => ValidationIssue.Field("description", m), issues);
        Guard.Text(content.Department, "department", MatchFieldMaxLength, required: true, m => ValidationIssue.Field("department", m), issues);
        Guard.Text(content.Category, "category", MatchFieldMaxLength, required: true, m => ValidationIssue.Field("category", m), issues);
        Guard.Text(content.SubCategory, "sub_category", MatchFieldMaxLength, required: false, m => ValidationIssue.Field("sub_category", m), issues);
        Guard.Text(content.RequesterName, "requester_name", RequesterMaxLength, required: false, m => ValidationIssue.Field("requester_name", m), issues);
        var email = Guard.Text(content.RequesterEmail, "requester_email", RequesterMaxLength, required: false, m => ValidationIssue.Field("requester_email", m), issues);
        if (email.Length > 0 && (!email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@')))
        {
            issues.Add(ValidationIssue.Field("requester_email", $"requester_email '{email}' is not an email address."));
        }

        if (!Enum.IsDefined(content.Priority))
        {
            issues.Add(ValidationIssue.Field("priority", "priority must be one of low, medium, high, critical, urgent."));
        }

        return issues;
    }

    /// <summary>The ticket arrived again: its snapshot takes the new content; its number never changes.</summary>
    public void Update(TicketContent content, DateTimeOffset now)
    {
        if (!string.Equals(content.TicketNumber?.Trim(), TicketNumber, StringComparison.Ordinal))
        {
            throw new DomainValidationException("ticket_number", $"Ticket {TicketNumber} cannot become {content.TicketNumber}.");
        }

        Apply(content, now);
    }

    public void MarkMatched() => Status = TicketIntakeStatus.Matched;

    public void MarkUnmatched() => Status = TicketIntakeStatus.Unmatched;

    private void Apply(TicketContent content, DateTimeOffset now)
    {
        Guard.ThrowIfAny(Check(content));
        TicketNumber = content.TicketNumber!.Trim();
        Subject = content.Subject!.Trim();
        Description = content.Description?.Trim() ?? "";
        Department = content.Department!.Trim();
        Category = content.Category!.Trim();
        SubCategory = content.SubCategory?.Trim() ?? "";
        Priority = content.Priority;
        RequesterName = content.RequesterName?.Trim() ?? "";
        RequesterEmail = content.RequesterEmail?.Trim() ?? "";
        // A resend that does not say when the ticket was submitted keeps the time it had; a new ticket was submitted now.
        // Kept in UTC, as every instant TaskDesk stores: PostgreSQL refuses another offset, and SQLite's binary form of
        // one would sort by the sender's local clock.
        SubmittedAt = content.SubmittedAt?.ToUniversalTime() ?? (SubmittedAt == default ? now : SubmittedAt);
        UpdatedAt = now;
        Deliveries++;
    }
}
