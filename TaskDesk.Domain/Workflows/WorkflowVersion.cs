namespace TaskDesk.Domain.Workflows;

/// <summary>
/// An immutable snapshot of a workflow's graph, written when the workflow is initialized. Tasks bind to a
/// version and read every step and transition from its <see cref="Definition"/>, so later edits never touch them.
/// It has no method that changes it, and the data layer refuses to update or delete one.
/// </summary>
public sealed class WorkflowVersion
{
    private WorkflowVersion()
    {
        Definition = "";
    }

    internal WorkflowVersion(Workflow workflow, int number, string definition, int createdBy, DateTimeOffset createdAt)
    {
        Workflow = workflow;
        Number = number;
        Definition = definition;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public int WorkflowId { get; private set; }

    public Workflow Workflow { get; private set; } = null!;

    public int Number { get; private set; }

    /// <summary>The graph as JSON in the seed's shape: <c>nodes</c>, <c>edges</c>, <c>metadata</c> (and the workflow's SLAs under <c>workflow</c>).</summary>
    public string Definition { get; private set; }

    public int CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public WorkflowDefinition ReadDefinition() => WorkflowDefinition.Parse(Definition);
}
