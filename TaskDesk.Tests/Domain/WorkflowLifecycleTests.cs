using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Domain;

public enum LifecycleMove
{
    Deploy,
    Initialize,
    Pause,
    Resume,
    Edit,
    Archive,
    UpdateDetails,
    ReplaceGraph,
}

public class WorkflowLifecycleTests
{
    private static readonly Dictionary<(WorkflowStatus From, LifecycleMove Move), WorkflowStatus> Allowed = new()
    {
        [(WorkflowStatus.Draft, LifecycleMove.Deploy)] = WorkflowStatus.Deployed,
        [(WorkflowStatus.Draft, LifecycleMove.Archive)] = WorkflowStatus.Archived,
        [(WorkflowStatus.Draft, LifecycleMove.UpdateDetails)] = WorkflowStatus.Draft,
        [(WorkflowStatus.Draft, LifecycleMove.ReplaceGraph)] = WorkflowStatus.Draft,
        [(WorkflowStatus.Deployed, LifecycleMove.Initialize)] = WorkflowStatus.Initialized,
        [(WorkflowStatus.Deployed, LifecycleMove.Edit)] = WorkflowStatus.Draft,
        [(WorkflowStatus.Deployed, LifecycleMove.Archive)] = WorkflowStatus.Archived,
        [(WorkflowStatus.Deployed, LifecycleMove.UpdateDetails)] = WorkflowStatus.Deployed,
        [(WorkflowStatus.Initialized, LifecycleMove.Pause)] = WorkflowStatus.Paused,
        [(WorkflowStatus.Paused, LifecycleMove.Resume)] = WorkflowStatus.Initialized,
        [(WorkflowStatus.Paused, LifecycleMove.Edit)] = WorkflowStatus.Draft,
        [(WorkflowStatus.Paused, LifecycleMove.Archive)] = WorkflowStatus.Archived,
    };

    public static TheoryData<WorkflowStatus, LifecycleMove, WorkflowStatus> AllowedMoves()
    {
        var data = new TheoryData<WorkflowStatus, LifecycleMove, WorkflowStatus>();
        foreach (var ((from, move), to) in Allowed)
        {
            data.Add(from, move, to);
        }

        return data;
    }

    public static TheoryData<WorkflowStatus, LifecycleMove> RefusedMoves()
    {
        var data = new TheoryData<WorkflowStatus, LifecycleMove>();
        foreach (var from in Enum.GetValues<WorkflowStatus>())
        {
            foreach (var move in Enum.GetValues<LifecycleMove>().Where(m => !Allowed.ContainsKey((from, m))))
            {
                data.Add(from, move);
            }
        }

        return data;
    }

    [Fact]
    public void MoveTable_CoversEveryStatusAndMove()
    {
        var cases = Enum.GetValues<WorkflowStatus>().Length * Enum.GetValues<LifecycleMove>().Length;

        Assert.Equal(cases, AllowedMoves().Count + RefusedMoves().Count);
        Assert.Equal(28, RefusedMoves().Count);
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void AllowedMove_ReachesItsStatusAndCountsAsAChange(WorkflowStatus from, LifecycleMove move, WorkflowStatus to)
    {
        var workflow = WorkflowBuilder.InStatus(from);
        var revision = workflow.Revision;
        var at = WorkflowBuilder.Later(5);

        Apply(workflow, move, at);

        Assert.Equal(to, workflow.Status);
        Assert.Equal(revision + 1, workflow.Revision);
        Assert.Equal(at, workflow.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public void RefusedMove_ThrowsConflictNamingTheStatusAndChangesNothing(WorkflowStatus from, LifecycleMove move)
    {
        var workflow = WorkflowBuilder.InStatus(from);
        var before = workflow.Snapshot();
        var versions = workflow.LatestVersionNumber;
        var matchKey = workflow.ActiveMatchKey;

        var error = Assert.Throws<DomainConflictException>(() => Apply(workflow, move, WorkflowBuilder.Later(5)));

        Assert.Contains($"Workflow 'IT Support Request' is {from.ToString().ToLowerInvariant()}:", error.Message);
        before.AssertUnchanged(workflow);
        Assert.Equal(versions, workflow.LatestVersionNumber);
        Assert.Equal(matchKey, workflow.ActiveMatchKey);
    }

    [Fact]
    public void Deploy_FromInitialized_IsRefusedNamingTheStatus()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Initialized);

        var error = Assert.Throws<DomainConflictException>(() => workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Later()));

        Assert.Equal("Workflow 'IT Support Request' is initialized: it cannot be deployed. Only a draft workflow can be.", error.Message);
    }

    [Fact]
    public void Archive_FromInitialized_IsRefusedAskingToPauseFirst()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Initialized);

        var error = Assert.Throws<DomainConflictException>(() => workflow.Archive(WorkflowBuilder.Later()));

        Assert.Contains("is initialized: it cannot be archived while it takes tickets", error.Message);
        Assert.Contains("Pause it first", error.Message);
    }

    [Fact]
    public void ReplaceGraph_OutsideDraft_IsRefusedEvenWhenTheGraphIsBroken()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Deployed);

        Assert.Throws<DomainConflictException>(() => workflow.ReplaceGraph([], [], WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later()));
    }

    [Theory]
    [InlineData(WorkflowStatus.Draft, true, true)]
    [InlineData(WorkflowStatus.Deployed, false, true)]
    [InlineData(WorkflowStatus.Initialized, false, false)]
    [InlineData(WorkflowStatus.Paused, false, false)]
    [InlineData(WorkflowStatus.Archived, false, false)]
    public void Editability_FollowsTheStatus(WorkflowStatus status, bool graphEditable, bool detailsEditable)
    {
        var workflow = WorkflowBuilder.InStatus(status);

        Assert.Equal(graphEditable, workflow.IsGraphEditable);
        Assert.Equal(detailsEditable, workflow.AreDetailsEditable);
    }

    [Fact]
    public void NewWorkflow_IsADraftWithTrimmedDetailsAndNoGraph()
    {
        var details = WorkflowBuilder.Details() with { Name = "  IT Support Request  ", Department = " IT ", SubCategory = null, Description = null };

        var workflow = new Workflow(details, createdBy: 7, WorkflowBuilder.Now);

        Assert.Equal(WorkflowStatus.Draft, workflow.Status);
        Assert.Equal("IT Support Request", workflow.Name);
        Assert.Equal("IT", workflow.Department);
        Assert.Equal("", workflow.SubCategory);
        Assert.Equal("", workflow.Description);
        Assert.Equal(7, workflow.CreatedBy);
        Assert.Equal(WorkflowBuilder.Now, workflow.CreatedAt);
        Assert.Equal(WorkflowBuilder.Now, workflow.UpdatedAt);
        Assert.Empty(workflow.Steps);
        Assert.Empty(workflow.Transitions);
        Assert.Equal(0, workflow.LatestVersionNumber);
        Assert.Null(workflow.ActiveVersion);
        Assert.Null(workflow.ActiveMatchKey);
    }

    [Fact]
    public void Deploy_IncompleteGraph_IsRefusedWithEveryIssueAndStaysDraft()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var graph = new TestGraph()
            .ChangeStep("verification", s => s with { IsEnd = false })
            .ChangeStep("resolution", s => s with { RoleId = null })
            .ChangeTransition("assign", t => t with { Name = null });
        workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: false, WorkflowBuilder.Now);
        var before = workflow.Snapshot();

        var error = Assert.Throws<DomainValidationException>(() => workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Later()));

        Assert.Equal(3, error.Issues.Count);
        IssueAssert.Single(error.Issues, IssueSubject.Graph, "graph", "no end step");
        IssueAssert.Single(error.Issues, IssueSubject.Step, "#1", "has no role");
        IssueAssert.Single(error.Issues, IssueSubject.Transition, "#0", "has no name");
        Assert.StartsWith("3 problems:", error.Message);
        before.AssertUnchanged(workflow);
    }

    [Fact]
    public void Deploy_WorkflowWithoutSteps_IsRefused()
    {
        var workflow = WorkflowBuilder.EmptyDraft();

        var error = Assert.Throws<DomainValidationException>(() => workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Later()));

        Assert.Contains(error.Issues, i => i.Message.Contains("no start step", StringComparison.Ordinal));
        Assert.Equal(WorkflowStatus.Draft, workflow.Status);
    }

    [Fact]
    public void Deploy_NeitherWritesAVersionNorTakesTickets()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Deployed);

        Assert.Equal(0, workflow.LatestVersionNumber);
        Assert.Null(workflow.ActiveVersion);
        Assert.Null(workflow.ActiveMatchKey);
    }

    [Fact]
    public void Initialize_WhenARoleNoLongerExists_IsRefusedAndWritesNoVersion()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Deployed);
        var roles = WorkflowBuilder.Roles.Where(r => r.Key != WorkflowBuilder.TechnicianRoleId).ToDictionary();
        var before = workflow.Snapshot();

        var error = Assert.Throws<DomainValidationException>(() => workflow.Initialize(roles, WorkflowBuilder.Author, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Step, "#1", $"names role {WorkflowBuilder.TechnicianRoleId}, which does not exist");
        before.AssertUnchanged(workflow);
        Assert.Equal(0, workflow.LatestVersionNumber);
        Assert.Null(workflow.ActiveVersion);
        Assert.Null(workflow.ActiveMatchKey);
    }

    [Fact]
    public void Initialize_MakesTheNewVersionActiveAndTakesTicketsUnderItsMatchKey()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Deployed);

        var version = workflow.Initialize(WorkflowBuilder.Roles, WorkflowBuilder.Author, WorkflowBuilder.Later());

        Assert.Same(version, workflow.ActiveVersion);
        Assert.Equal(1, workflow.LatestVersionNumber);
        Assert.Equal(Workflow.MatchKeyOf("IT", "Technology", "Support Request"), workflow.ActiveMatchKey);
    }

    [Fact]
    public void Pause_StopsTakingTicketsButKeepsTheActiveVersion()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Initialized);
        var version = workflow.ActiveVersion;

        workflow.Pause(WorkflowBuilder.Later());

        Assert.Null(workflow.ActiveMatchKey);
        Assert.Same(version, workflow.ActiveVersion);
    }

    [Fact]
    public void Resume_TakesTicketsAgainUnderTheSameMatchKey()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Paused);

        workflow.Resume(WorkflowBuilder.Later());

        Assert.Equal(Workflow.MatchKeyOf("IT", "Technology", "Support Request"), workflow.ActiveMatchKey);
    }

    [Fact]
    public void Edit_FromPaused_KeepsTheActiveVersionForRunningTasksAndTakesNoTickets()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Paused);
        var version = workflow.ActiveVersion;

        workflow.Edit(WorkflowBuilder.Later());

        Assert.Same(version, workflow.ActiveVersion);
        Assert.Null(workflow.ActiveMatchKey);
        Assert.True(workflow.IsGraphEditable);
    }

    [Fact]
    public void Archive_FromPaused_TakesNoTickets()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Paused);

        workflow.Archive(WorkflowBuilder.Later());

        Assert.Null(workflow.ActiveMatchKey);
        Assert.Equal(1, workflow.LatestVersionNumber);
    }

    [Theory]
    [InlineData(WorkflowStatus.Draft)]
    [InlineData(WorkflowStatus.Deployed)]
    [InlineData(WorkflowStatus.Initialized)]
    [InlineData(WorkflowStatus.Paused)]
    [InlineData(WorkflowStatus.Archived)]
    public void Clone_MakesADraftCopyWithTheSameGraphAndNoVersions(WorkflowStatus status)
    {
        var original = WorkflowBuilder.InStatus(status);
        var originalBefore = original.Snapshot();
        var at = WorkflowBuilder.Later(10);

        var copy = original.Clone("IT Support Request (copy)", WorkflowBuilder.Roles, createdBy: 9, at);

        Assert.NotSame(original, copy);
        Assert.Equal(WorkflowStatus.Draft, copy.Status);
        Assert.Equal(original.ToDetails() with { Name = "IT Support Request (copy)" }, copy.ToDetails());
        Assert.Equal(9, copy.CreatedBy);
        Assert.Equal(at, copy.CreatedAt);
        Assert.Equal(0, copy.LatestVersionNumber);
        Assert.Null(copy.ActiveVersion);
        Assert.Null(copy.ActiveMatchKey);
        Assert.Equal(originalBefore.StepValues, copy.Snapshot().StepValues);
        Assert.Equal(originalBefore.TransitionValues, copy.Snapshot().TransitionValues);
        Assert.Empty(copy.Steps.Intersect(original.Steps));
        Assert.All(copy.Transitions, t => Assert.Contains(t.FromStep, copy.Steps));
        Assert.All(copy.Transitions, t => Assert.Contains(t.ToStep, copy.Steps));
        originalBefore.AssertUnchanged(original);
    }

    [Fact]
    public void Clone_OfAPersistedWorkflow_AddsNewStepsInsteadOfClaimingTheOriginalIds()
    {
        var original = WorkflowBuilder.Persisted(WorkflowBuilder.Draft(), firstId: 40);

        var copy = original.Clone("Copy", WorkflowBuilder.Roles, WorkflowBuilder.Author, WorkflowBuilder.Later());

        Assert.All(copy.Steps, s => Assert.Equal(0, s.Id));
        Assert.All(copy.Transitions, t => Assert.Equal(0, t.Id));
        Assert.Equal(3, copy.Steps.Count);
        Assert.Equal(2, copy.Transitions.Count);
    }

    [Fact]
    public void Clone_CopyCanBeChangedWithoutTouchingTheOriginal()
    {
        var original = WorkflowBuilder.InStatus(WorkflowStatus.Initialized);
        var before = original.Snapshot();
        var copy = original.Clone("Copy", WorkflowBuilder.Roles, WorkflowBuilder.Author, WorkflowBuilder.Later());

        copy.ReplaceGraph(
            [WorkflowBuilder.Step("do", "Do", WorkflowBuilder.AgentRoleId, 0.5m, 0, isStart: true), WorkflowBuilder.Step("done", "Done", WorkflowBuilder.AgentRoleId, 0.5m, 1, isEnd: true)],
            [WorkflowBuilder.Transition("finish", "do", "done", "Finish")], WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later(2));

        Assert.Equal(2, copy.Steps.Count);
        before.AssertUnchanged(original);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Clone_WithoutName_IsRefused(string name)
    {
        var original = WorkflowBuilder.Draft();

        var error = Assert.Throws<DomainValidationException>(() => original.Clone(name, WorkflowBuilder.Roles, WorkflowBuilder.Author, WorkflowBuilder.Later()));

        IssueAssert.Single(error.Issues, IssueSubject.Field, "name", "Name is required");
    }

    [Theory]
    [InlineData(WorkflowStatus.Draft)]
    [InlineData(WorkflowStatus.Deployed)]
    [InlineData(WorkflowStatus.Archived)]
    public void EnsureDeletable_WorkflowThatNeverHadAVersion_IsAllowed(WorkflowStatus status)
    {
        var workflow = WorkflowBuilder.InStatus(status);

        workflow.EnsureDeletable();

        Assert.Equal(0, workflow.LatestVersionNumber);
    }

    [Fact]
    public void EnsureDeletable_Initialized_IsRefusedNamingTheStatus()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Initialized);

        var error = Assert.Throws<DomainConflictException>(workflow.EnsureDeletable);

        Assert.Contains("is initialized: it cannot be deleted while it takes tickets", error.Message);
    }

    [Theory]
    [InlineData(WorkflowStatus.Paused)]
    [InlineData(WorkflowStatus.Draft)]
    [InlineData(WorkflowStatus.Deployed)]
    [InlineData(WorkflowStatus.Archived)]
    public void EnsureDeletable_WorkflowThatOnceHadAVersion_IsRefusedInEveryStatus(WorkflowStatus status)
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Paused);
        switch (status)
        {
            case WorkflowStatus.Draft:
                workflow.Edit(WorkflowBuilder.Later());
                break;
            case WorkflowStatus.Deployed:
                workflow.Edit(WorkflowBuilder.Later());
                workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Later(2));
                break;
            case WorkflowStatus.Archived:
                workflow.Archive(WorkflowBuilder.Later());
                break;
        }

        var error = Assert.Throws<DomainConflictException>(workflow.EnsureDeletable);

        Assert.Equal(status, workflow.Status);
        Assert.Contains($"is {status.ToString().ToLowerInvariant()}: it has 1 version(s)", error.Message);
        Assert.Contains("Archive it instead", error.Message);
    }

    [Fact]
    public void EditedWorkflow_CanBeChangedAndDeployedAgain()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Paused);
        workflow.Edit(WorkflowBuilder.Later());
        var graph = new TestGraph().Add(WorkflowBuilder.Transition("send-back", "resolution", "triage", "Send back"));

        workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later(2));
        workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Later(3));

        Assert.Equal(WorkflowStatus.Deployed, workflow.Status);
        Assert.Equal(3, workflow.Transitions.Count);
    }

    [Fact]
    public void MatchKeyOf_IgnoresCaseAndSurroundingSpaces()
    {
        Assert.Equal(Workflow.MatchKeyOf("IT", "Technology", "Support Request"), Workflow.MatchKeyOf(" it ", "TECHNOLOGY", "support request "));
        Assert.NotEqual(Workflow.MatchKeyOf("IT", "Technology", ""), Workflow.MatchKeyOf("IT", "Technology", "Support Request"));
        Assert.NotEqual(Workflow.MatchKeyOf("I", "TTechnology", ""), Workflow.MatchKeyOf("IT", "Technology", ""));
    }

    [Theory]
    [InlineData(SlaPriority.Urgent, 4)]
    [InlineData(SlaPriority.High, 24)]
    [InlineData(SlaPriority.Medium, 48)]
    [InlineData(SlaPriority.Low, 72)]
    public void SlaFor_ReturnsThePrioritysSla(SlaPriority priority, int hours)
    {
        var workflow = WorkflowBuilder.Draft();

        Assert.Equal(TimeSpan.FromHours(hours), workflow.SlaFor(priority));
    }

    private static void Apply(Workflow workflow, LifecycleMove move, DateTimeOffset at)
    {
        switch (move)
        {
            case LifecycleMove.Deploy:
                workflow.Deploy(WorkflowBuilder.Roles, at);
                break;
            case LifecycleMove.Initialize:
                workflow.Initialize(WorkflowBuilder.Roles, WorkflowBuilder.Author, at);
                break;
            case LifecycleMove.Pause:
                workflow.Pause(at);
                break;
            case LifecycleMove.Resume:
                workflow.Resume(at);
                break;
            case LifecycleMove.Edit:
                workflow.Edit(at);
                break;
            case LifecycleMove.Archive:
                workflow.Archive(at);
                break;
            case LifecycleMove.UpdateDetails:
                workflow.UpdateDetails(WorkflowBuilder.Details() with { Description = "Changed" }, at);
                break;
            case LifecycleMove.ReplaceGraph:
                workflow.ReplaceGraph(WorkflowBuilder.ValidSteps(), WorkflowBuilder.ValidTransitions(), WorkflowBuilder.Roles, requireComplete: true, at);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(move));
        }
    }
}
