using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Workflows;

using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Components;

public sealed class WorkflowDetailsFormTests : MudComponentTest
{
    private static readonly WorkflowDetails Stored = new(
        "IT Support Request", "Standard IT support workflow", "IT", "Technology", "Support Request",
        LowSla: TimeSpan.FromHours(72), MediumSla: TimeSpan.FromHours(48), HighSla: TimeSpan.FromHours(24), UrgentSla: TimeSpan.FromHours(4),
        EndLogic.Notification);


    [Fact]
    public void ValidInput_EnablesSave_AndOnSaveReceivesTheParsedDetails()
    {
        WorkflowDetails? saved = null;
        var form = Ctx.Render<WorkflowDetailsForm>(p => p.Add(f => f.OnSave, (WorkflowDetails d) => saved = d));
        Assert.True(SaveButton(form).HasAttribute("disabled"));

        Type(form, "name", "Laptop request");
        Type(form, "department", "IT");
        Type(form, "category", "Hardware");
        Type(form, "sla-low", "72:00:00");
        Type(form, "sla-medium", "48:00:00");
        Type(form, "sla-high", "30:30:00");
        Type(form, "sla-urgent", "4:00:00");

        Assert.False(SaveButton(form).HasAttribute("disabled"));
        SaveButton(form).Click();

        Assert.NotNull(saved);
        Assert.Equal("Laptop request", saved.Name);
        Assert.Equal("IT", saved.Department);
        Assert.Equal("Hardware", saved.Category);
        Assert.Equal(TimeSpan.FromHours(72), saved.LowSla);
        Assert.Equal(TimeSpan.FromHours(48), saved.MediumSla);
        Assert.Equal(new TimeSpan(30, 30, 0), saved.HighSla);
        Assert.Equal(TimeSpan.FromHours(4), saved.UrgentSla);
    }

    [Fact]
    public void EmptySla_MeansNoSla()
    {
        WorkflowDetails? saved = null;
        var form = Ctx.Render<WorkflowDetailsForm>(p => p
            .Add(f => f.Details, Stored)
            .Add(f => f.OnSave, (WorkflowDetails d) => saved = d));

        Type(form, "sla-medium", "");
        SaveButton(form).Click();

        Assert.NotNull(saved);
        Assert.Null(saved.MediumSla);
        Assert.Equal(TimeSpan.FromHours(72), saved.LowSla);
    }

    [Fact]
    public void EscalateOnBreach_IsKeptWhenOtherFieldsAreSaved_AndCanBeSwitched()
    {
        WorkflowDetails? saved = null;
        var form = Ctx.Render<WorkflowDetailsForm>(p => p
            .Add(f => f.Details, Stored with { EscalateOnBreach = true })
            .Add(f => f.OnSave, (WorkflowDetails d) => saved = d));

        Type(form, "description", "Changed description");
        SaveButton(form).Click();
        Assert.NotNull(saved);
        Assert.True(saved.EscalateOnBreach);

        form.Find("input[data-testid=escalate-on-breach]").Change(false);
        SaveButton(form).Click();
        Assert.False(saved.EscalateOnBreach);
        Assert.Equal("Changed description", saved.Description);
    }

    [Theory]
    [InlineData("72:00")]
    [InlineData("three days")]
    [InlineData("72:60:00")]
    public void MalformedSla_ShowsTheFormatErrorUnderIt_AndDisablesSave(string typed)
    {
        var form = Ctx.Render<WorkflowDetailsForm>(p => p.Add(f => f.Details, Stored));
        Assert.False(SaveButton(form).HasAttribute("disabled"));

        Type(form, "sla-low", typed);

        // The field validates after the input event, and may draw its error a moment later on a busy machine.
        form.WaitForAssertion(() => Assert.Contains("is not a duration; write hours:minutes:seconds", ErrorUnder(form, "sla-low")), TimeSpan.FromSeconds(5));
        Assert.True(SaveButton(form).HasAttribute("disabled"));
    }

    [Fact]
    public void HighSlaNotShorterThanMedium_ShowsTheOrderErrorUnderHigh_AndDisablesSave()
    {
        var form = Ctx.Render<WorkflowDetailsForm>(p => p.Add(f => f.Details, Stored));

        Type(form, "sla-high", "48:00:00");

        // The field validates after the input event, and may draw its error a moment later on a busy machine.
        form.WaitForAssertion(() => Assert.Contains("high_sla (48:00:00) should be < medium_sla (48:00:00)", ErrorUnder(form, "sla-high")), TimeSpan.FromSeconds(5));
        Assert.Null(ErrorUnder(form, "sla-medium"));
        Assert.True(SaveButton(form).HasAttribute("disabled"));
    }

    [Fact]
    public void FixingTheOrder_ClearsTheError_AndEnablesSaveAgain()
    {
        var form = Ctx.Render<WorkflowDetailsForm>(p => p.Add(f => f.Details, Stored));
        Type(form, "sla-high", "50:00:00");
        Assert.True(SaveButton(form).HasAttribute("disabled"));

        Type(form, "sla-high", "47:59:59");

        Assert.Null(ErrorUnder(form, "sla-high"));
        Assert.False(SaveButton(form).HasAttribute("disabled"));
    }

    [Fact]
    public void MissingName_ShowsRequiredError_AndDisablesSave()
    {
        var form = Ctx.Render<WorkflowDetailsForm>(p => p.Add(f => f.Details, Stored));

        Type(form, "name", "   ");

        Assert.Equal("Name is required.", ErrorUnder(form, "name"));
        Assert.True(SaveButton(form).HasAttribute("disabled"));
    }

    [Fact]
    public void ReadOnly_RendersEveryInputReadOnly_AndNoSaveButton()
    {
        var form = Ctx.Render<WorkflowDetailsForm>(p => p
            .Add(f => f.Details, Stored)
            .Add(f => f.ReadOnly, true));

        foreach (var testId in new[] { "name", "description", "department", "category", "sub-category", "sla-low", "sla-medium", "sla-high", "sla-urgent" })
        {
            Assert.True(Input(form, testId).HasAttribute("readonly"), $"{testId} is editable");
        }

        Assert.Empty(form.FindAll("[data-testid=save-details]:not([disabled])"));
    }

    [Fact]
    public void ServerIssues_AppearUnderTheFieldsTheyName()
    {
        IReadOnlyList<ValidationIssue> issues =
        [
            ValidationIssue.Field("name", "A workflow with this name already exists."),
            ValidationIssue.Field("low_sla", "low_sla is too long for the server."),
        ];

        var form = Ctx.Render<WorkflowDetailsForm>(p => p
            .Add(f => f.Details, Stored)
            .Add(f => f.ServerIssues, issues));

        Assert.Equal("A workflow with this name already exists.", ErrorUnder(form, "name"));
        Assert.Equal("low_sla is too long for the server.", ErrorUnder(form, "sla-low"));
        Assert.Null(ErrorUnder(form, "department"));
    }

    [Fact]
    public void ServerRefusal_KeepsWhatWasTyped()
    {
        var form = Ctx.Render<WorkflowDetailsForm>(p => p.Add(f => f.Details, Stored));
        Type(form, "name", "Renamed workflow");
        Type(form, "sla-urgent", "05:00:00");

        form.Render(p => p.Add(f => f.ServerIssues, [ValidationIssue.Field("name", "Taken.")]));

        Assert.Equal("Renamed workflow", Input(form, "name").GetAttribute("value"));
        Assert.Equal("05:00:00", Input(form, "sla-urgent").GetAttribute("value"));
        Assert.Equal("Taken.", ErrorUnder(form, "name"));
    }

    [Fact]
    public void InitialDetails_AppearInTheInputs()
    {
        var form = Ctx.Render<WorkflowDetailsForm>(p => p.Add(f => f.Details, Stored));

        Assert.Equal("IT Support Request", Input(form, "name").GetAttribute("value"));
        Assert.Equal("Standard IT support workflow", Input(form, "description").GetAttribute("value"));
        Assert.Equal("IT", Input(form, "department").GetAttribute("value"));
        Assert.Equal("Technology", Input(form, "category").GetAttribute("value"));
        Assert.Equal("Support Request", Input(form, "sub-category").GetAttribute("value"));
        Assert.Equal("72:00:00", Input(form, "sla-low").GetAttribute("value"));
        Assert.Equal("48:00:00", Input(form, "sla-medium").GetAttribute("value"));
        Assert.Equal("24:00:00", Input(form, "sla-high").GetAttribute("value"));
        Assert.Equal("04:00:00", Input(form, "sla-urgent").GetAttribute("value"));
        Assert.Equal("Notification", Input(form, "end-logic").GetAttribute("value"));
    }

    private static IElement Input(IRenderedComponent<WorkflowDetailsForm> form, string testId) =>
        form.Find($"input[data-testid={testId}], textarea[data-testid={testId}]");

    private static void Type(IRenderedComponent<WorkflowDetailsForm> form, string testId, string text) => Input(form, testId).Input(text);

    private static IElement SaveButton(IRenderedComponent<WorkflowDetailsForm> form) => form.Find("[data-testid=save-details]");

    private static string? ErrorUnder(IRenderedComponent<WorkflowDetailsForm> form, string testId) =>
        Input(form, testId).Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();
}
