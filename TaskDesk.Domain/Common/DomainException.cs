namespace TaskDesk.Domain.Common;

/// <summary>A rule of the business was broken; the web layer turns each subtype into problem details.</summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>The request is malformed or breaks validation rules; carries every problem found, not just the first.</summary>
public sealed class DomainValidationException : DomainException
{
    public DomainValidationException(IReadOnlyList<ValidationIssue> issues)
        : base(Summarize(issues))
    {
        Issues = issues;
    }

    public DomainValidationException(string target, string message)
        : this([ValidationIssue.Field(target, message)])
    {
    }

    public IReadOnlyList<ValidationIssue> Issues { get; }

    private static string Summarize(IReadOnlyList<ValidationIssue> issues) =>
        issues.Count == 1 ? issues[0].Message : $"{issues.Count} problems: " + string.Join(" ", issues.Select(i => i.Message));
}

/// <summary>The change is not allowed in the entity's current state (HTTP 409).</summary>
public sealed class DomainConflictException(string message) : DomainException(message);

/// <summary>The thing asked for does not exist (HTTP 404).</summary>
public sealed class DomainNotFoundException(string message) : DomainException(message);
