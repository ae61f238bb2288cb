namespace TaskDesk.Domain.Common;

public enum IssueSubject
{
    Field,
    Step,
    Transition,
    Graph,
}

/// <summary>
/// One problem found by validation. <see cref="Target"/> names what it concerns: a field (<c>low_sla</c>),
/// a step or transition by the key the caller used for it, or the graph as a whole.
/// </summary>
public sealed record ValidationIssue(IssueSubject Subject, string Target, string Message)
{
    public static ValidationIssue Field(string field, string message) => new(IssueSubject.Field, field, message);

    public static ValidationIssue ForStep(string stepKey, string message) => new(IssueSubject.Step, stepKey, message);

    public static ValidationIssue ForTransition(string transitionKey, string message) => new(IssueSubject.Transition, transitionKey, message);

    public static ValidationIssue ForGraph(string message) => new(IssueSubject.Graph, "graph", message);
}
