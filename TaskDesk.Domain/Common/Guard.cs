namespace TaskDesk.Domain.Common;

internal static class Guard
{
    /// <summary>Trims a text; adds an issue (built by <paramref name="issueFor"/>) when it is missing but required, or too long.</summary>
    public static string Text(string? value, string label, int maxLength, bool required, Func<string, ValidationIssue> issueFor, ICollection<ValidationIssue> issues)
    {
        var trimmed = value?.Trim() ?? "";
        if (required && trimmed.Length == 0)
        {
            issues.Add(issueFor($"{label} is required."));
        }
        else if (trimmed.Length > maxLength)
        {
            issues.Add(issueFor($"{label} must be at most {maxLength} characters."));
        }

        return trimmed;
    }

    public static void ThrowIfAny(IReadOnlyList<ValidationIssue> issues)
    {
        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }
    }
}
