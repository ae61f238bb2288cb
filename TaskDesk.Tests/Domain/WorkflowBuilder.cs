using System.Reflection;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Domain;

/// <summary>The seed's "IT Support Request": Triage → Resolution → Verification, weighted 0.2 / 0.6 / 0.2.</summary>
internal static class WorkflowBuilder
{
    public const int AgentRoleId = 2;
    public const int TechnicianRoleId = 3;
    public const int ManagerRoleId = 5;
    public const int Author = 1;

    public static readonly DateTimeOffset Now = new(2025, 3, 4, 10, 30, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<int, string> Roles = new Dictionary<int, string>
    {
        [AgentRoleId] = "Agent",
        [TechnicianRoleId] = "IT Technician",
        [ManagerRoleId] = "Manager",
    };

    public static DateTimeOffset Later(int minutes = 1) => Now.AddMinutes(minutes);

    public static WorkflowDetails Details() => new(
        "IT Support Request",
        "Standard IT support workflow",
        "IT",
        "Technology",
        "Support Request",
        LowSla: TimeSpan.FromHours(72),
        MediumSla: TimeSpan.FromHours(48),
        HighSla: TimeSpan.FromHours(24),
        UrgentSla: TimeSpan.FromHours(4),
        EndLogic.Notification);

    public static StepDraft Step(string key, string? name, int? roleId, decimal weight, int order, bool isStart = false, bool isEnd = false) =>
        new(key, null, name, "", "", roleId, null, weight, order, isStart, isEnd, new StepDesign(100 * (order + 1), 100));

    public static TransitionDraft Transition(string key, string? from, string? to, string? name) => new(key, null, from, to, name, null);

    public static List<StepDraft> ValidSteps() =>
    [
        Step("triage", "Triage", AgentRoleId, 0.2m, 0, isStart: true),
        Step("resolution", "Resolution", TechnicianRoleId, 0.6m, 1),
        Step("verification", "Verification", AgentRoleId, 0.2m, 2, isEnd: true),
    ];

    public static List<TransitionDraft> ValidTransitions() =>
    [
        Transition("assign", "triage", "resolution", "Assign"),
        Transition("complete", "resolution", "verification", "Complete"),
    ];

    public static Workflow EmptyDraft() => new(Details(), Author, Now);

    public static Workflow Draft()
    {
        var workflow = EmptyDraft();
        workflow.ReplaceGraph(ValidSteps(), ValidTransitions(), Roles, requireComplete: true, Now);
        return workflow;
    }

    /// <summary>A valid workflow brought to <paramref name="status"/> through its own lifecycle methods.</summary>
    public static Workflow InStatus(WorkflowStatus status)
    {
        var workflow = Draft();
        if (status == WorkflowStatus.Archived)
        {
            workflow.Archive(Now);
            return workflow;
        }

        if (status == WorkflowStatus.Draft)
        {
            return workflow;
        }

        workflow.Deploy(Roles, Now);
        if (status == WorkflowStatus.Deployed)
        {
            return workflow;
        }

        workflow.Initialize(Roles, Author, Now);
        if (status == WorkflowStatus.Initialized)
        {
            return workflow;
        }

        workflow.Pause(Now);
        return workflow;
    }

    /// <summary>Gives steps and transitions ids, as saving to the database would; ids start at <paramref name="firstId"/>.</summary>
    public static Workflow Persisted(Workflow workflow, int firstId = 1)
    {
        var id = firstId;
        foreach (var step in workflow.Steps.Where(s => s.Id == 0))
        {
            SetId(step, id++);
        }

        foreach (var transition in workflow.Transitions.Where(t => t.Id == 0))
        {
            SetId(transition, id++);
        }

        return workflow;
    }

    public static Step StepNamed(this Workflow workflow, string name) => workflow.Steps.Single(s => s.Name == name);

    public static Transition TransitionNamed(this Workflow workflow, string name) => workflow.Transitions.Single(t => t.Name == name);

    public static WorkflowSnapshot Snapshot(this Workflow workflow) => new(
        workflow.Status,
        workflow.Revision,
        workflow.UpdatedAt,
        workflow.ToDetails(),
        workflow.Steps.ToList(),
        workflow.Steps.Select(s => (s.Name, s.RoleId, s.Weight, s.IsStart, s.IsEnd)).ToList(),
        workflow.Transitions.ToList(),
        workflow.Transitions.Select(t => (t.Name, t.FromStep.Name, t.ToStep.Name)).ToList());

    private static void SetId(object entity, int id) =>
        entity.GetType().GetProperty("Id", BindingFlags.Public | BindingFlags.Instance)!.SetValue(entity, id);
}

/// <summary>What a refused change must leave as it was.</summary>
internal sealed record WorkflowSnapshot(
    WorkflowStatus Status,
    int Revision,
    DateTimeOffset UpdatedAt,
    WorkflowDetails Details,
    List<Step> Steps,
    List<(string Name, int? RoleId, decimal Weight, bool IsStart, bool IsEnd)> StepValues,
    List<Transition> Transitions,
    List<(string Name, string From, string To)> TransitionValues)
{
    public void AssertUnchanged(Workflow workflow)
    {
        var now = workflow.Snapshot();
        Assert.Equal(Status, now.Status);
        Assert.Equal(Revision, now.Revision);
        Assert.Equal(UpdatedAt, now.UpdatedAt);
        Assert.Equal(Details, now.Details);
        Assert.Equal(Steps, now.Steps);
        Assert.Equal(StepValues, now.StepValues);
        Assert.Equal(Transitions, now.Transitions);
        Assert.Equal(TransitionValues, now.TransitionValues);
    }
}

/// <summary>A graph as drafts, changed one element at a time, checked with <see cref="GraphValidator"/>.</summary>
internal sealed class TestGraph
{
    public List<StepDraft> Steps { get; } = WorkflowBuilder.ValidSteps();

    public List<TransitionDraft> Transitions { get; } = WorkflowBuilder.ValidTransitions();

    public TestGraph ChangeStep(string key, Func<StepDraft, StepDraft> change)
    {
        var index = Steps.FindIndex(s => s.Key == key);
        Steps[index] = change(Steps[index]);
        return this;
    }

    public TestGraph ChangeTransition(string key, Func<TransitionDraft, TransitionDraft> change)
    {
        var index = Transitions.FindIndex(t => t.Key == key);
        Transitions[index] = change(Transitions[index]);
        return this;
    }

    public TestGraph Add(StepDraft step)
    {
        Steps.Add(step);
        return this;
    }

    public TestGraph Add(TransitionDraft transition)
    {
        Transitions.Add(transition);
        return this;
    }

    public List<ValidationIssue> Structure() => GraphValidator.CheckStructure(Steps, Transitions, WorkflowBuilder.Roles);

    public List<ValidationIssue> Completeness() => GraphValidator.CheckCompleteness(Steps, Transitions);

    public List<ValidationIssue> All() => GraphValidator.CheckAll(Steps, Transitions, WorkflowBuilder.Roles);
}

internal static class IssueAssert
{
    /// <summary>The one issue about <paramref name="target"/>, whose message must contain <paramref name="fragment"/>.</summary>
    public static ValidationIssue Single(IEnumerable<ValidationIssue> issues, IssueSubject subject, string target, string fragment)
    {
        return Assert.Single(issues, i => i.Subject == subject && i.Target == target && i.Message.Contains(fragment, StringComparison.Ordinal));
    }
}
