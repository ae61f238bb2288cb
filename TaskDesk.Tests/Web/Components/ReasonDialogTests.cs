using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks.Shared;

namespace TaskDesk.Tests.Web.Components;

public sealed class ReasonDialogTests : MudComponentTest
{
    [Fact]
    public async Task Required_ConfirmIsDisabledUntilSomethingIsTyped_ThenClosesWithTheTrimmedText()
    {
        var (provider, reference) = await ShowAsync(required: true);
        Assert.True(Confirm(provider).HasAttribute("disabled"));

        provider.Find("textarea[data-testid=reason-text]").Input("   ");
        Assert.True(Confirm(provider).HasAttribute("disabled"));

        provider.Find("textarea[data-testid=reason-text]").Input("  Customer asks for a manager.  ");
        Assert.False(Confirm(provider).HasAttribute("disabled"));
        Confirm(provider).Click();

        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("Customer asks for a manager.", result.Data);
    }

    [Fact]
    public async Task Optional_ConfirmsEmpty_WithAnEmptyString()
    {
        var (provider, reference) = await ShowAsync(required: false);

        Assert.False(Confirm(provider).HasAttribute("disabled"));
        Confirm(provider).Click();

        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("", result.Data);
    }

    [Fact]
    public async Task TitleLabelAndConfirmText_AreShown_AndCancelClosesWithoutAResult()
    {
        var (provider, reference) = await ShowAsync(required: true);

        Assert.Contains("Escalate TX1", provider.Markup, StringComparison.Ordinal);
        Assert.Contains("Why escalate?", provider.Markup, StringComparison.Ordinal);
        Assert.Equal("Escalate", Confirm(provider).TextContent.Trim());
        provider.Find("[data-testid=reason-cancel]").Click();

        Assert.True((await reference.Result)!.Canceled);
    }

    [Fact]
    public async Task TextLongerThanMaxLength_CannotBeConfirmed()
    {
        var (provider, _) = await ShowAsync(required: false, maxLength: 10);

        provider.Find("textarea[data-testid=reason-text]").Input("eleven char");

        Assert.True(Confirm(provider).HasAttribute("disabled"));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> ShowAsync(bool required, int maxLength = 2000)
    {
        var provider = Ctx.Render<MudDialogProvider>();
        var dialogs = Ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, "Escalate TX1" },
            { d => d.Label, "Why escalate?" },
            { d => d.Required, required },
            { d => d.ConfirmText, "Escalate" },
            { d => d.MaxLength, maxLength },
        };
        IDialogReference reference = null!;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ReasonDialog>("Escalate TX1", parameters));
        return (provider, reference);
    }

    private static AngleSharp.Dom.IElement Confirm(IRenderedComponent<MudDialogProvider> provider) => provider.Find("[data-testid=reason-confirm]");
}
