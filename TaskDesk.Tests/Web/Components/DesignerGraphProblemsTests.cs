using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Workflows.Designer;

using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Components;

public sealed class DesignerGraphProblemsTests : MudComponentTest
{
    private static readonly Dictionary<int, string> Roles = new() { [2] = "Agent", [3] = "IT Technician" };
    private static readonly StepDraft Triage = new("new-step-1", null, "Triage", "", "", 2, null, 0.4m, 1, IsStart: true, IsEnd: false, new StepDesign(0, 0));
    private static readonly StepDraft Resolve = new("new-step-2", null, "Resolve", "", "", 3, null, 0.6m, 2, false, IsEnd: true, new StepDesign(200, 0));
    private static readonly TransitionDraft Send = new("new-transition-1", null, "new-step-1", "new-step-2", "Send", null);


    [Fact]
    public void ACompleteGraph_IsReadyToDeploy()
    {
        var list = Render([Triage, Resolve], [Send]);

        Assert.Equal("Ready to deploy", list.Find("[data-testid=ready-to-deploy]").TextContent.Trim());
        Assert.Empty(list.FindAll("[data-testid=problem]"));
    }

    [Theory]
    [InlineData(WorkflowStatus.Deployed, "Ready to initialize")]
    [InlineData(WorkflowStatus.Initialized, "No problems")]
    [InlineData(WorkflowStatus.Paused, "No problems")]
    public void ACompleteGraph_PastDraft_NamesTheNextStepOrNone(WorkflowStatus status, string expected)
    {
        var list = Render([Triage, Resolve], [Send], status: status);

        Assert.Equal(expected, list.Find("[data-testid=ready-to-deploy]").TextContent.Trim());
    }

    [Fact]
    public void AStepWithoutRoleAndAnUnnamedTransition_AreListedWithTheValidatorsMessages()
    {
        var list = Render([Triage with { RoleId = null }, Resolve], [Send with { Name = "" }]);

        var problems = list.FindAll("[data-testid=problem]").Select(p => p.TextContent).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("Step 'Triage' has no role; every step is owned by a role.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("has no name; its name is the action agents click.", StringComparison.Ordinal) && p.Contains("'Triage' → 'Resolve'", StringComparison.Ordinal));
    }

    [Fact]
    public void ClickingAStepsProblem_SelectsThatStep_AndATransitionsProblem_ThatTransition()
    {
        var selections = new List<CanvasSelection>();
        var list = Render([Triage, Resolve with { RoleId = null }], [Send with { Name = " " }], s => selections.Add(s));

        list.Find("[data-testid=problem][data-target='step:new-step-2']").Click();
        list.Find("[data-testid=problem][data-target='transition:new-transition-1']").Click();

        Assert.Equal([new CanvasSelection(CanvasItem.Step, "new-step-2"), new CanvasSelection(CanvasItem.Transition, "new-transition-1")], selections);
    }

    [Fact]
    public void DetailsProblems_AreListedBeforeTheGraphs_AndSelectNothing()
    {
        var selections = new List<CanvasSelection>();
        var details = new WorkflowDetails("", null, "IT", "Hardware", null, null, null, null, null, EndLogic.None);
        var list = Render([Triage, Resolve], [Send], s => selections.Add(s), details);

        var first = list.FindAll("[data-testid=problem]")[0];
        Assert.Contains("Details", first.TextContent, StringComparison.Ordinal);
        first.Click();
        Assert.Empty(selections);
    }

    private IRenderedComponent<GraphProblems> Render(IReadOnlyList<StepDraft> steps, IReadOnlyList<TransitionDraft> transitions, Action<CanvasSelection>? onSelect = null, WorkflowDetails? details = null, WorkflowStatus status = WorkflowStatus.Draft) =>
        Ctx.Render<GraphProblems>(p => p
            .Add(c => c.Steps, steps).Add(c => c.Transitions, transitions).Add(c => c.RoleNames, Roles).Add(c => c.Details, details).Add(c => c.Status, status)
            .Add(c => c.OnSelect, (CanvasSelection s) => onSelect?.Invoke(s)));
}
