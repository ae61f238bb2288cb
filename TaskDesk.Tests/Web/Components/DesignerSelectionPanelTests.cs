using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Workflows.Designer;

using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Components;

public sealed class DesignerSelectionPanelTests : MudComponentTest
{
    private static readonly StepDraft Triage = new("7", 7, "Triage", "Read it", "Route it", 2, null, 0.2m, 1, IsStart: true, IsEnd: false, new StepDesign(100, 100));
    private static readonly StepDraft Resolve = new("8", 8, "Resolve", "", "", 3, null, 0.8m, 2, false, true, new StepDesign(300, 100));
    private static readonly TransitionDraft Send = new("11", 11, "7", "8", "Send to technician", null);
    private static readonly Dictionary<int, string> Roles = new() { [2] = "Agent", [3] = "IT Technician" };


    [Fact]
    public void EditingTheSelectedStepsName_RaisesTheStepWithTheNewNameAndEverythingElseKept()
    {
        StepDraft? changed = null;
        var panel = Ctx.Render<SelectionPanel>(p => p
            .Add(c => c.Step, Triage).Add(c => c.Steps, [Triage, Resolve]).Add(c => c.RoleNames, Roles)
            .Add(c => c.OnStepChanged, (StepDraft s) => changed = s));

        panel.Find("input[data-testid=step-name]").Change("First look");

        panel.WaitForAssertion(() => Assert.Equal(Triage with { Name = "First look" }, changed));
    }

    [Fact]
    public void EditingTheWeightAndMarkingTheEnd_RaisesEachChange()
    {
        var changes = new List<StepDraft>();
        var panel = Ctx.Render<SelectionPanel>(p => p
            .Add(c => c.Step, Triage).Add(c => c.Steps, [Triage, Resolve]).Add(c => c.RoleNames, Roles)
            .Add(c => c.OnStepChanged, (StepDraft s) => changes.Add(s)));

        panel.Find("input[data-testid=step-weight]").Change("0.35");
        panel.WaitForAssertion(() => Assert.Single(changes));
        panel.Find("input[data-testid=step-end]").Change(true);
        panel.WaitForAssertion(() => Assert.Equal(2, changes.Count));

        Assert.Equal(Triage with { Weight = 0.35m }, changes[0]);
        Assert.Equal(Triage with { IsEnd = true }, changes[1]);
    }

    [Fact]
    public void ASelectedTransition_ShowsOnlyItsNameAndEnds_AndRenamingRaisesIt()
    {
        TransitionDraft? changed = null;
        var panel = Ctx.Render<SelectionPanel>(p => p
            .Add(c => c.Transition, Send).Add(c => c.Steps, [Triage, Resolve]).Add(c => c.RoleNames, Roles)
            .Add(c => c.OnTransitionChanged, (TransitionDraft t) => changed = t));

        Assert.Single(panel.FindAll("input"));
        Assert.Empty(panel.FindAll("[data-testid=step-weight], [data-testid=step-role]"));
        Assert.Equal("Triage → Resolve", panel.Find("[data-testid=transition-ends]").TextContent.Trim());

        panel.Find("input[data-testid=transition-name]").Change("Escalate");

        panel.WaitForAssertion(() => Assert.Equal(Send with { Name = "Escalate" }, changed));
    }

    [Fact]
    public void ReadOnly_RendersTheFieldsReadOnly_RaisesNoChange_AndOffersNoDelete()
    {
        StepDraft? changed = null;
        var panel = Ctx.Render<SelectionPanel>(p => p
            .Add(c => c.Step, Triage).Add(c => c.Steps, [Triage]).Add(c => c.RoleNames, Roles).Add(c => c.ReadOnly, true)
            .Add(c => c.OnStepChanged, (StepDraft s) => changed = s));

        Assert.True(panel.Find("input[data-testid=step-name]").HasAttribute("readonly"));
        Assert.True(panel.Find("input[data-testid=step-weight]").HasAttribute("readonly"));
        panel.Find("input[data-testid=step-name]").Change("Renamed");

        Assert.Null(changed);
        Assert.Empty(panel.FindAll("[data-testid=delete-selection]"));
    }

    [Fact]
    public void NothingSelected_SaysToSelectSomething()
    {
        var panel = Ctx.Render<SelectionPanel>(p => p.Add(c => c.Steps, [Triage]));

        Assert.NotNull(panel.Find("[data-testid=nothing-selected]"));
        Assert.Empty(panel.FindAll("input"));
    }
}
