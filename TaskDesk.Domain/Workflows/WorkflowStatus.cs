namespace TaskDesk.Domain.Workflows;

public enum WorkflowStatus
{
    Draft,
    Deployed,
    Initialized,
    Paused,
    Archived,
}

public enum EndLogic
{
    None,
    Asset,
    Budget,
    Notification,
}

/// <summary>The priorities a workflow has an SLA for; a ticket's <c>critical</c> uses the urgent SLA.</summary>
public enum SlaPriority
{
    Urgent,
    High,
    Medium,
    Low,
}
