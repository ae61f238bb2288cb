using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Domain;

public class GraphValidatorTests
{
    [Fact]
    public void SeedGraph_PassesEveryRule()
    {
        var graph = new TestGraph();

        Assert.Empty(graph.Structure());
        Assert.Empty(graph.Completeness());
        Assert.Empty(graph.All());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Structure_StepWithoutKey_IsReportedForTheGraph(string key)
    {
        var graph = new TestGraph().ChangeStep("verification", s => s with { Key = key });

        var issue = Assert.Single(graph.Structure(), i => i.Subject == IssueSubject.Graph);
        Assert.Contains("'Verification' has no key", issue.Message);
    }

    [Fact]
    public void Structure_TwoStepsWithOneKey_IsReportedAgainstThatKey()
    {
        var graph = new TestGraph().Add(WorkflowBuilder.Step("triage", "Second triage", WorkflowBuilder.AgentRoleId, 0m, 3));

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "triage", "is used by more than one step");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Structure_StepWithoutName_IsReportedAgainstItsKey(string? name)
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Name = name });

        var issue = Assert.Single(graph.Structure());
        Assert.Equal(new ValidationIssue(IssueSubject.Step, "resolution", "Step name is required."), issue);
    }

    [Fact]
    public void Structure_StepNameLongerThanTheLimit_IsReported()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Name = new string('n', Step.NameMaxLength + 1) });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", $"at most {Step.NameMaxLength} characters");
    }

    [Fact]
    public void Structure_TextsAtTheirLimits_AreAccepted()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with
        {
            Name = new string('n', Step.NameMaxLength),
            Description = new string('d', Step.DescriptionMaxLength),
            Instruction = new string('i', Step.InstructionMaxLength),
        })
            .ChangeTransition("assign", t => t with { Name = new string('t', Transition.NameMaxLength), Design = new string('x', Transition.DesignMaxLength) });

        Assert.Empty(graph.Structure());
    }

    [Fact]
    public void Structure_StepDescriptionLongerThanTheLimit_IsReported()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Description = new string('d', Step.DescriptionMaxLength + 1) });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", $"Description of step 'Resolution' must be at most {Step.DescriptionMaxLength}");
    }

    [Fact]
    public void Structure_StepInstructionLongerThanTheLimit_IsReported()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Instruction = new string('i', Step.InstructionMaxLength + 1) });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", $"Instruction of step 'Resolution' must be at most {Step.InstructionMaxLength}");
    }

    [Theory]
    [InlineData("-0.1", "-0.1")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.001", "1.001")]
    public void Structure_WeightOutsideZeroToOne_IsReported(string weight, string shown)
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Weight = decimal.Parse(weight, System.Globalization.CultureInfo.InvariantCulture) });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", $"has weight {shown}; a weight is between 0 and 1");
    }

    [Fact]
    public void Structure_WeightJustAboveOne_ShowsTheWeightThatBrokeTheRule()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Weight = 1.0001m });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", "has weight 1.0001;");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Structure_WeightAtEitherBound_IsAccepted(int weight)
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Weight = weight });

        Assert.Empty(graph.Structure());
    }

    [Fact]
    public void Structure_StepNamingAnUnknownRole_IsReported()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { RoleId = 99 });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", "names role 99, which does not exist");
    }

    [Fact]
    public void Structure_StepEscalatingToAnUnknownRole_IsReported()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { EscalateToRoleId = 99 });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", "escalates to role 99, which does not exist");
    }

    [Fact]
    public void Structure_StepEscalatingToAKnownRole_IsAccepted()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { EscalateToRoleId = WorkflowBuilder.ManagerRoleId });

        Assert.Empty(graph.Structure());
    }

    [Fact]
    public void Structure_StepWithoutRole_IsAcceptedUntilCompletenessIsChecked()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { RoleId = null });

        Assert.Empty(graph.Structure());
        IssueAssert.Single(graph.Completeness(), IssueSubject.Step, "resolution", "has no role");
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0)]
    public void Structure_DesignPositionThatIsNotFinite_IsReported(double x, double y)
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Design = new StepDesign(x, y) });

        IssueAssert.Single(graph.Structure(), IssueSubject.Step, "resolution", "not a finite number");
    }

    [Fact]
    public void Structure_TwoTransitionsWithOneKey_IsReportedAgainstThatKey()
    {
        var graph = new TestGraph().Add(WorkflowBuilder.Transition("assign", "resolution", "triage", "Send back"));

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "assign", "is used by more than one transition");
    }

    [Fact]
    public void Structure_TransitionNameLongerThanTheLimit_IsReported()
    {
        var graph = new TestGraph().ChangeTransition("assign", t => t with { Name = new string('t', Transition.NameMaxLength + 1) });

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "assign", $"at most {Transition.NameMaxLength} characters");
    }

    [Fact]
    public void Structure_TransitionDesignLongerThanTheLimit_IsReported()
    {
        var graph = new TestGraph().ChangeTransition("assign", t => t with { Design = new string('x', Transition.DesignMaxLength + 1) });

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "assign", $"Design of transition 'Assign' must be at most {Transition.DesignMaxLength}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Structure_TransitionWithoutFromStep_IsReported(string? from)
    {
        var graph = new TestGraph().ChangeTransition("assign", t => t with { FromStepKey = from });

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "assign", "does not say which step it starts at");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Structure_TransitionWithoutToStep_IsReported(string? to)
    {
        var graph = new TestGraph().ChangeTransition("assign", t => t with { ToStepKey = to });

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "assign", "does not say which step it ends at");
    }

    [Fact]
    public void Structure_TransitionFromAStepNotInTheGraph_IsReportedNamingThatStep()
    {
        var graph = new TestGraph().ChangeTransition("assign", t => t with { FromStepKey = "ghost" });

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "assign", "starts at step 'ghost', which is not a step of this workflow");
    }

    [Fact]
    public void Structure_TransitionToAStepNotInTheGraph_IsReportedNamingThatStep()
    {
        var graph = new TestGraph().ChangeTransition("complete", t => t with { ToStepKey = "ghost" });

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "complete", "ends at step 'ghost', which is not a step of this workflow");
    }

    [Fact]
    public void Structure_TransitionBackToItsOwnStep_IsReported()
    {
        var graph = new TestGraph().Add(WorkflowBuilder.Transition("retry", "resolution", "resolution", "Retry"));

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "retry", "back to itself");
    }

    [Theory]
    [InlineData("Assign")]
    [InlineData(" assign ")]
    public void Structure_SameTransitionTwice_IsReportedAgainstTheSecond(string name)
    {
        var graph = new TestGraph().Add(WorkflowBuilder.Transition("assign-again", "triage", "resolution", name));

        IssueAssert.Single(graph.Structure(), IssueSubject.Transition, "assign-again", "is there twice");
    }

    [Fact]
    public void Structure_TwoDifferentlyNamedTransitionsBetweenTheSameSteps_AreAccepted()
    {
        var graph = new TestGraph().Add(WorkflowBuilder.Transition("escalate", "triage", "resolution", "Escalate"));

        Assert.Empty(graph.Structure());
        Assert.Empty(graph.Completeness());
    }

    [Fact]
    public void Structure_IgnoresCompletenessRules()
    {
        var graph = new TestGraph()
            .ChangeStep("triage", s => s with { IsStart = false, RoleId = null })
            .ChangeStep("verification", s => s with { IsEnd = false })
            .ChangeTransition("assign", t => t with { Name = null });

        Assert.Empty(graph.Structure());
        Assert.NotEmpty(graph.Completeness());
    }

    [Fact]
    public void Completeness_NoStartStep_IsReportedForTheGraph()
    {
        var graph = new TestGraph().ChangeStep("triage", s => s with { IsStart = false });

        IssueAssert.Single(graph.Completeness(), IssueSubject.Graph, "graph", "no start step");
    }

    [Fact]
    public void Completeness_SecondStartStep_IsReportedAgainstIt()
    {
        var graph = new TestGraph().ChangeStep("resolution", s => s with { IsStart = true });

        var issue = Assert.Single(graph.Completeness());
        Assert.Equal(IssueSubject.Step, issue.Subject);
        Assert.Equal("resolution", issue.Target);
        Assert.Contains("but so is 'Triage'", issue.Message);
    }

    [Fact]
    public void Completeness_AStartStepThatIsAlsoAnEnd_IsReportedAgainstIt_ATaskWouldNeverComplete()
    {
        var graph = new TestGraph().ChangeStep("triage", s => s with { IsEnd = true });

        IssueAssert.Single(graph.Completeness(), IssueSubject.Step, "triage", "is both the start and an end");
    }

    [Fact]
    public void Completeness_NoEndStep_IsReportedForTheGraph()
    {
        var graph = new TestGraph().ChangeStep("verification", s => s with { IsEnd = false });

        var issue = Assert.Single(graph.Completeness());
        Assert.Equal(IssueSubject.Graph, issue.Subject);
        Assert.Contains("no end step", issue.Message);
    }

    [Fact]
    public void Completeness_SeveralEndSteps_AreAccepted()
    {
        var graph = new TestGraph()
            .Add(WorkflowBuilder.Step("rejected", "Rejected", WorkflowBuilder.AgentRoleId, 0m, 3, isEnd: true))
            .Add(WorkflowBuilder.Transition("reject", "triage", "rejected", "Reject"));

        Assert.Empty(graph.All());
    }

    [Theory]
    [InlineData("Triage")]
    [InlineData(" triage ")]
    public void Completeness_StepNameUsedTwice_IsReportedAgainstTheSecondStep(string name)
    {
        var graph = new TestGraph().ChangeStep("verification", s => s with { Name = name });

        IssueAssert.Single(graph.Completeness(), IssueSubject.Step, "verification", "is used by another step");
    }

    [Fact]
    public void Completeness_StepWithoutRole_IsReportedAgainstIt()
    {
        var graph = new TestGraph().ChangeStep("verification", s => s with { RoleId = null });

        var issue = Assert.Single(graph.Completeness());
        Assert.Equal(new ValidationIssue(IssueSubject.Step, "verification", "Step 'Verification' has no role; every step is owned by a role."), issue);
    }

    [Theory]
    [InlineData("0.199")]
    [InlineData("0.201")]
    public void Completeness_WeightsWithinTheToleranceOfOne_AreAccepted(string triageWeight)
    {
        var graph = new TestGraph().ChangeStep("triage", s => s with { Weight = decimal.Parse(triageWeight, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Empty(graph.Completeness());
    }

    [Theory]
    [InlineData("0.198", "0.998")]
    [InlineData("0.202", "1.002")]
    [InlineData("0", "0.8")]
    public void Completeness_WeightsNotAddingUpToOne_IsReportedWithTheTotal(string triageWeight, string total)
    {
        var graph = new TestGraph().ChangeStep("triage", s => s with { Weight = decimal.Parse(triageWeight, System.Globalization.CultureInfo.InvariantCulture) });

        IssueAssert.Single(graph.Completeness(), IssueSubject.Graph, "graph", $"add up to {total}; they must add up to 1.0");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Completeness_TransitionWithoutName_IsReportedAgainstItsKey(string? name)
    {
        var graph = new TestGraph().ChangeTransition("complete", t => t with { Name = name });

        var issue = Assert.Single(graph.Completeness());
        Assert.Equal(IssueSubject.Transition, issue.Subject);
        Assert.Equal("complete", issue.Target);
        Assert.Contains("'resolution → verification' has no name", issue.Message);
    }

    [Fact]
    public void Completeness_StepNotReachableFromTheStart_IsReported()
    {
        var graph = new TestGraph()
            .Add(WorkflowBuilder.Step("orphan", "Orphan", WorkflowBuilder.AgentRoleId, 0m, 3))
            .Add(WorkflowBuilder.Transition("close", "orphan", "verification", "Close"));

        var issue = Assert.Single(graph.Completeness());
        Assert.Equal(new ValidationIssue(IssueSubject.Step, "orphan", "Step 'Orphan' cannot be reached from the start step."), issue);
    }

    [Fact]
    public void Completeness_StepWithNoPathToAnEnd_IsReported()
    {
        var graph = new TestGraph()
            .Add(WorkflowBuilder.Step("limbo", "Limbo", WorkflowBuilder.AgentRoleId, 0m, 3))
            .Add(WorkflowBuilder.Transition("park", "triage", "limbo", "Park"));

        var issue = Assert.Single(graph.Completeness());
        Assert.Equal(new ValidationIssue(IssueSubject.Step, "limbo", "Step 'Limbo' has no path to an end step."), issue);
    }

    [Fact]
    public void Completeness_StepWithNoTransitionsAtAll_IsReportedBothWays()
    {
        var graph = new TestGraph().Add(WorkflowBuilder.Step("island", "Island", WorkflowBuilder.AgentRoleId, 0m, 3));

        var issues = graph.Completeness();

        Assert.Equal(2, issues.Count);
        IssueAssert.Single(issues, IssueSubject.Step, "island", "cannot be reached");
        IssueAssert.Single(issues, IssueSubject.Step, "island", "no path to an end");
    }

    [Fact]
    public void Completeness_LoopThatCanStillReachAnEnd_IsAccepted()
    {
        var graph = new TestGraph().Add(WorkflowBuilder.Transition("send-back", "resolution", "triage", "Send back"));

        Assert.Empty(graph.All());
    }

    [Fact]
    public void Completeness_TransitionsToUnknownStepsDoNotCountAsPaths()
    {
        var graph = new TestGraph().ChangeTransition("complete", t => t with { ToStepKey = "ghost" });

        var issues = graph.Completeness();

        IssueAssert.Single(issues, IssueSubject.Step, "verification", "cannot be reached");
        IssueAssert.Single(issues, IssueSubject.Step, "resolution", "no path to an end");
        IssueAssert.Single(issues, IssueSubject.Step, "triage", "no path to an end");
    }

    [Fact]
    public void CheckAll_GraphWithSeveralProblems_ReportsEveryOne()
    {
        var graph = new TestGraph()
            .ChangeStep("triage", s => s with { Weight = 1.5m })
            .ChangeStep("resolution", s => s with { RoleId = 99 })
            .ChangeStep("verification", s => s with { IsEnd = false })
            .ChangeTransition("complete", t => t with { Name = null })
            .Add(WorkflowBuilder.Transition("retry", "verification", "verification", "Retry"));

        var issues = graph.All();

        Assert.Equal(6, issues.Count);
        IssueAssert.Single(issues, IssueSubject.Step, "triage", "has weight 1.5");
        IssueAssert.Single(issues, IssueSubject.Step, "resolution", "names role 99");
        IssueAssert.Single(issues, IssueSubject.Transition, "retry", "back to itself");
        IssueAssert.Single(issues, IssueSubject.Graph, "graph", "no end step");
        IssueAssert.Single(issues, IssueSubject.Graph, "graph", "add up to 2.3");
        IssueAssert.Single(issues, IssueSubject.Transition, "complete", "has no name");
    }

    [Fact]
    public void CheckAll_EmptyGraph_ReportsMissingStartAndEndButNoWeights()
    {
        var issues = GraphValidator.CheckAll([], [], WorkflowBuilder.Roles);

        Assert.Equal(2, issues.Count);
        Assert.All(issues, i => Assert.Equal(IssueSubject.Graph, i.Subject));
    }
}
