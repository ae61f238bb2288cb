using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Domain;

public class WorkflowGraphTests
{
    [Fact]
    public void ReplaceGraph_OnEmptyDraft_AddsEveryStepAndTransitionAndReportsThemByKey()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var revision = workflow.Revision;

        var keys = workflow.ReplaceGraph(WorkflowBuilder.ValidSteps(), WorkflowBuilder.ValidTransitions(), WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later());

        Assert.Equal(["Triage", "Resolution", "Verification"], workflow.Steps.Select(s => s.Name));
        Assert.Equal(["Assign", "Complete"], workflow.Transitions.Select(t => t.Name));
        Assert.Same(workflow.StepNamed("Resolution"), keys.Steps["resolution"]);
        Assert.Same(workflow.TransitionNamed("Complete"), keys.Transitions["complete"]);
        Assert.Same(keys.Steps["triage"], keys.Transitions["assign"].FromStep);
        Assert.Same(keys.Steps["resolution"], keys.Transitions["assign"].ToStep);
        Assert.All(workflow.Steps, s => Assert.Same(workflow, s.Workflow));
        Assert.All(workflow.Transitions, t => Assert.Same(workflow, t.Workflow));
        Assert.Equal(revision + 1, workflow.Revision);
        Assert.Equal(WorkflowBuilder.Later(), workflow.UpdatedAt);
    }

    [Fact]
    public void ReplaceGraph_CopiesEveryStepField()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var graph = new TestGraph().ChangeStep("resolution", s => s with
        {
            Name = "  Resolution  ",
            Description = " Fix it ",
            Instruction = " Follow the runbook ",
            EscalateToRoleId = WorkflowBuilder.ManagerRoleId,
            Design = new StepDesign(12.5, -3),
        });

        workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later());

        var step = workflow.StepNamed("Resolution");
        Assert.Equal("Fix it", step.Description);
        Assert.Equal("Follow the runbook", step.Instruction);
        Assert.Equal(WorkflowBuilder.TechnicianRoleId, step.RoleId);
        Assert.Equal(WorkflowBuilder.ManagerRoleId, step.EscalateToRoleId);
        Assert.Equal(0.6m, step.Weight);
        Assert.Equal(1, step.Order);
        Assert.False(step.IsStart);
        Assert.False(step.IsEnd);
        Assert.Equal(new StepDesign(12.5, -3), step.Design);
    }

    [Fact]
    public void ReplaceGraph_TrimsTransitionNamesAndKeepsTheirDesign()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var graph = new TestGraph().ChangeTransition("assign", t => t with { Name = "  Assign ", Design = "{\"sourceHandle\":\"right\"}" });

        workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later());

        var transition = workflow.TransitionNamed("Assign");
        Assert.Equal("{\"sourceHandle\":\"right\"}", transition.Design);
    }

    [Fact]
    public void ReplaceGraph_NotRequiringCompleteness_SavesAnUnfinishedGraph()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        List<StepDraft> steps = [WorkflowBuilder.Step("a", "Sketch", roleId: null, 0.5m, 0)];

        workflow.ReplaceGraph(steps, [], WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later());

        Assert.Equal("Sketch", Assert.Single(workflow.Steps).Name);
        Assert.NotEmpty(workflow.Validate(WorkflowBuilder.Roles));
    }

    [Fact]
    public void ReplaceGraph_RequiringCompleteness_RefusesAnUnfinishedGraph()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        List<StepDraft> steps = [WorkflowBuilder.Step("a", "Sketch", roleId: null, 0.5m, 0)];

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(steps, [], WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Step, "a", "has no role");
        Assert.Empty(workflow.Steps);
    }

    [Fact]
    public void ReplaceGraph_NotRequiringCompleteness_StillEnforcesStructure()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var graph = new TestGraph().Add(WorkflowBuilder.Transition("retry", "triage", "triage", "Retry"));

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Transition, "retry", "back to itself");
    }

    [Fact]
    public void ReplaceGraph_WithSeveralProblems_ReportsThemAllAndChangesNothing()
    {
        var workflow = WorkflowBuilder.Draft();
        var before = workflow.Snapshot();
        var graph = new TestGraph()
            .ChangeStep("triage", s => s with { Name = null })
            .ChangeStep("resolution", s => s with { Weight = -1m, StepId = 404 })
            .ChangeTransition("complete", t => t with { ToStepKey = "ghost" })
            .Add(WorkflowBuilder.Transition("assign-again", "triage", "resolution", "assign"))
            .Add(new TransitionDraft("stale", 505, "resolution", "triage", "Send back", null));

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later()));

        Assert.Equal(6, error.Issues.Count);
        IssueAssert.Single(error.Issues, IssueSubject.Step, "triage", "Step name is required");
        IssueAssert.Single(error.Issues, IssueSubject.Step, "resolution", "has weight -1");
        IssueAssert.Single(error.Issues, IssueSubject.Step, "resolution", "Step 404 is not a step of this workflow");
        IssueAssert.Single(error.Issues, IssueSubject.Transition, "complete", "step 'ghost'");
        IssueAssert.Single(error.Issues, IssueSubject.Transition, "assign-again", "is there twice");
        IssueAssert.Single(error.Issues, IssueSubject.Transition, "stale", "Transition 505 is not a transition of this workflow");
        before.AssertUnchanged(workflow);
    }

    [Fact]
    public void ReplaceGraph_ByStepId_UpdatesThatStepInPlace()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft());
        var resolution = workflow.StepNamed("Resolution");
        var (steps, transitions) = workflow.CurrentGraph();
        var key = resolution.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        steps[steps.FindIndex(s => s.Key == key)] = steps.Single(s => s.Key == key) with { Name = "Fix", RoleId = WorkflowBuilder.ManagerRoleId };

        var keys = workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later());

        Assert.Same(resolution, keys.Steps[key]);
        Assert.Equal("Fix", resolution.Name);
        Assert.Equal(WorkflowBuilder.ManagerRoleId, resolution.RoleId);
        Assert.Equal(3, workflow.Steps.Count);
        Assert.Contains(resolution, workflow.Steps);
    }

    [Fact]
    public void ReplaceGraph_ByTransitionId_UpdatesThatTransitionInPlace()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft());
        var assign = workflow.TransitionNamed("Assign");
        var (steps, transitions) = workflow.CurrentGraph();
        var index = transitions.FindIndex(t => t.TransitionId == assign.Id);
        transitions[index] = transitions[index] with { Name = "Hand over", Design = "{}" };

        workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later());

        Assert.Same(assign, workflow.TransitionNamed("Hand over"));
        Assert.Equal("{}", assign.Design);
        Assert.Equal(2, workflow.Transitions.Count);
    }

    [Fact]
    public void ReplaceGraph_CurrentGraphOfAPersistedWorkflow_KeepsEveryElement()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft());
        var before = workflow.Snapshot();
        var (steps, transitions) = workflow.CurrentGraph();

        workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later());

        Assert.Equal(before.Steps, workflow.Steps);
        Assert.Equal(before.StepValues, workflow.Snapshot().StepValues);
        Assert.Equal(before.Transitions, workflow.Transitions);
        Assert.Equal(before.TransitionValues, workflow.Snapshot().TransitionValues);
    }

    [Fact]
    public void ReplaceGraph_ElementsNotNamed_AreRemoved()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft());
        var triage = workflow.StepNamed("Triage");
        var resolution = workflow.StepNamed("Resolution");
        var (steps, transitions) = workflow.CurrentGraph();
        steps.RemoveAll(s => s.Name == "Verification");
        transitions.RemoveAll(t => t.Name == "Complete");

        workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later());

        Assert.Equal([triage, resolution], workflow.Steps);
        Assert.Equal("Assign", Assert.Single(workflow.Transitions).Name);
    }

    [Fact]
    public void ReplaceGraph_MixingExistingAndNewElements_UpdatesOneAndAddsTheOthers()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft());
        var verification = workflow.StepNamed("Verification");
        var (steps, transitions) = workflow.CurrentGraph();
        var verificationKey = steps.Single(s => s.StepId == verification.Id).Key;
        steps.Add(WorkflowBuilder.Step("closed", "Closed", WorkflowBuilder.AgentRoleId, 0m, 3, isEnd: true));
        transitions.Add(WorkflowBuilder.Transition("close", verificationKey, "closed", "Close"));

        var keys = workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later());

        Assert.Equal(4, workflow.Steps.Count);
        Assert.Equal(0, keys.Steps["closed"].Id);
        Assert.Same(verification, keys.Transitions["close"].FromStep);
        Assert.Same(keys.Steps["closed"], keys.Transitions["close"].ToStep);
    }

    [Fact]
    public void ReplaceGraph_StepIdOfAnotherWorkflow_IsRefusedAndChangesNothing()
    {
        var other = WorkflowBuilder.Persisted(WorkflowBuilder.Draft(), firstId: 100);
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft(), firstId: 1);
        var before = workflow.Snapshot();
        var (steps, transitions) = workflow.CurrentGraph();
        var foreignId = other.StepNamed("Resolution").Id;
        steps[1] = steps[1] with { StepId = foreignId };

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later()));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(new ValidationIssue(IssueSubject.Step, steps[1].Key, $"Step {foreignId} is not a step of this workflow."), issue);
        before.AssertUnchanged(workflow);
        Assert.Equal("Resolution", other.StepNamed("Resolution").Name);
    }

    [Fact]
    public void ReplaceGraph_TransitionIdOfAnotherWorkflow_IsRefused()
    {
        var other = WorkflowBuilder.Persisted(WorkflowBuilder.Draft(), firstId: 100);
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft(), firstId: 1);
        var before = workflow.Snapshot();
        var (steps, transitions) = workflow.CurrentGraph();
        var foreignId = other.TransitionNamed("Assign").Id;
        transitions[0] = transitions[0] with { TransitionId = foreignId };

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Transition, transitions[0].Key, $"Transition {foreignId} is not a transition of this workflow");
        before.AssertUnchanged(workflow);
    }

    [Fact]
    public void ReplaceGraph_StepIdOnAWorkflowNotYetSaved_IsRefused()
    {
        var workflow = WorkflowBuilder.Draft();
        var graph = new TestGraph().ChangeStep("triage", s => s with { StepId = 0 });

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Step, "triage", "Step 0 is not a step of this workflow");
    }

    [Fact]
    public void ReplaceGraph_SameStepIdTwice_IsRefusedAgainstTheLaterDraft()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft());
        var before = workflow.Snapshot();
        var (steps, transitions) = workflow.CurrentGraph();
        steps.Add(steps[0] with { Key = "copy", Name = "Copy of triage", IsStart = false });

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Step, "copy", $"Step {steps[0].StepId} appears more than once");
        before.AssertUnchanged(workflow);
    }

    [Fact]
    public void ReplaceGraph_SameTransitionIdTwice_IsRefusedAgainstTheLaterDraft()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft());
        var before = workflow.Snapshot();
        var (steps, transitions) = workflow.CurrentGraph();
        transitions.Add(transitions[0] with { Key = "copy", FromStepKey = transitions[0].ToStepKey, ToStepKey = transitions[0].FromStepKey });

        var error = Assert.Throws<DomainValidationException>(() => workflow.ReplaceGraph(steps, transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Transition, "copy", $"Transition {transitions[0].TransitionId} appears more than once");
        before.AssertUnchanged(workflow);
    }

    [Fact]
    public void CurrentGraph_OfUnsavedSteps_KeysThemByPosition()
    {
        var workflow = WorkflowBuilder.Draft();

        var (steps, transitions) = workflow.CurrentGraph();

        Assert.Equal(["#0", "#1", "#2"], steps.Select(s => s.Key));
        Assert.All(steps, s => Assert.Null(s.StepId));
        Assert.Equal(["#0", "#1"], transitions.Select(t => t.Key));
        Assert.Equal([("#0", "#1"), ("#1", "#2")], transitions.Select(t => (t.FromStepKey, t.ToStepKey)));
        Assert.All(transitions, t => Assert.Null(t.TransitionId));
    }

    [Fact]
    public void CurrentGraph_OfSavedSteps_KeysThemById()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft(), firstId: 10);

        var (steps, transitions) = workflow.CurrentGraph();

        Assert.Equal(["10", "11", "12"], steps.Select(s => s.Key));
        Assert.Equal([10, 11, 12], steps.Select(s => s.StepId));
        Assert.Equal([13, 14], transitions.Select(t => t.TransitionId));
        Assert.Equal([("10", "11"), ("11", "12")], transitions.Select(t => (t.FromStepKey, t.ToStepKey)));
    }

    [Fact]
    public void CurrentGraph_DescribesTheGraphAsItWasGiven()
    {
        var workflow = WorkflowBuilder.Draft();

        var (steps, transitions) = workflow.CurrentGraph();

        Assert.Equal(WorkflowBuilder.ValidSteps().Select(s => s with { Key = "" }), steps.Select(s => s with { Key = "" }));
        Assert.Equal(WorkflowBuilder.ValidTransitions().Select(t => (t.Name, t.Design)), transitions.Select(t => (t.Name, t.Design)));
    }

    [Fact]
    public void Validate_CompleteWorkflow_FindsNothing()
    {
        Assert.Empty(WorkflowBuilder.Draft().Validate(WorkflowBuilder.Roles));
    }

    [Fact]
    public void Validate_UnfinishedWorkflow_ReportsGraphIssuesByCurrentKey()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var graph = new TestGraph().ChangeStep("verification", s => s with { Weight = 0.5m });
        workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Now);

        var issue = Assert.Single(workflow.Validate(WorkflowBuilder.Roles));

        Assert.Equal(IssueSubject.Graph, issue.Subject);
        Assert.Contains("add up to 1.3", issue.Message);
    }
}
