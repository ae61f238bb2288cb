using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Workflows;
using TaskDesk.Web.Features.Workflows.Designer;

namespace TaskDesk.Tests.Web.Designer;

public sealed class WorkingGraphTests
{
    private static readonly WorkflowView Saved = new(
        5, new WorkflowDetails("Saved", null, "IT", "Hardware", null, null, null, null, null, EndLogic.None), WorkflowStatus.Draft, 3, null, 0, 1,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        [
            new StepView(10, "Triage", "", "", 2, "Agent", null, null, 0.5m, 1, true, false, new StepDesign(100, 100)),
            new StepView(11, "Resolve", "", "", 3, "Tech", null, null, 0.5m, 2, false, true, new StepDesign(300, 100)),
        ],
        [new TransitionView(10, 10, 11, "Send", null)]);

    [Fact]
    public void FromASavedWorkflow_KeysAreTheIds_AndNothingIsChanged()
    {
        var graph = WorkingGraph.From(Saved);

        Assert.Equal(["10", "11"], graph.Steps.Select(s => s.Key));
        Assert.Equal(10, graph.Steps[0].StepId);
        Assert.Equal(("10", "11"), (graph.Transitions[0].FromStepKey, graph.Transitions[0].ToStepKey));
        Assert.False(graph.IsChanged);
    }

    [Fact]
    public void NewSteps_GetTemporaryKeysAndUniqueNames_AndTheFirstOfAnEmptyGraphIsTheStart()
    {
        var graph = WorkingGraph.From(Saved with { Steps = [], Transitions = [] });

        var first = graph.AddStep(80.4, 80.6);
        var second = graph.AddStep(300, 80);

        Assert.Null(first.StepId);
        Assert.NotEqual(first.Key, second.Key);
        Assert.StartsWith("new-", first.Key, StringComparison.Ordinal);
        Assert.True(first.IsStart);
        Assert.False(second.IsStart);
        Assert.Equal(new StepDesign(80, 81), first.Design);
        Assert.Equal(["Step 1", "Step 2"], graph.Steps.Select(s => s.Name));
    }

    [Fact]
    public void ConnectingAStepToItself_IsRefused()
    {
        var graph = WorkingGraph.From(Saved);

        Assert.Null(graph.Connect("10", "10", null));
        Assert.Single(graph.Transitions);
        Assert.False(graph.IsChanged);
    }

    [Fact]
    public void RemovingAStep_RemovesTheTransitionsThatTouchIt()
    {
        var graph = WorkingGraph.From(Saved);

        var removed = graph.RemoveStep("11");

        Assert.Equal(["10", "11"], removed);
        Assert.Single(graph.Steps);
        Assert.Empty(graph.Transitions);
    }

    [Fact]
    public void Undo_RestoresTheGraphBeforeTheLastEdit_AndRedoAppliesItAgain()
    {
        var graph = WorkingGraph.From(Saved);
        graph.MoveStep("10", 140, 220);
        graph.ReplaceStep(graph.Step("10")! with { Name = "First look" });

        Assert.True(graph.Undo());
        Assert.Equal(("Triage", new StepDesign(140, 220)), (graph.Step("10")!.Name, graph.Step("10")!.Design));
        Assert.True(graph.Undo());
        Assert.Equal(new StepDesign(100, 100), graph.Step("10")!.Design);
        Assert.False(graph.CanUndo);

        Assert.True(graph.Redo());
        Assert.Equal(new StepDesign(140, 220), graph.Step("10")!.Design);
        Assert.True(graph.CanRedo);
    }

    [Fact]
    public void AnEditAfterUndo_ForgetsWhatCouldBeRedone()
    {
        var graph = WorkingGraph.From(Saved);
        graph.MoveStep("10", 140, 220);
        graph.Undo();

        graph.RemoveTransition("10");

        Assert.False(graph.CanRedo);
    }
}
