using System.Net;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks.Shared;

namespace TaskDesk.Tests.Web.Components;

public sealed class TransferDialogTests : RuntimeComponentTest
{
    [Fact]
    public async Task OffersTheRolesOtherActiveMembers_AndClosesWithTheChosenUserAndNotes()
    {
        UserIds["tom@tests.local"] = await App.CreateUserAsync("tom@tests.local");
        await AddMemberAsync(TechnicianRole, UserIds["tom@tests.local"]);
        await SetMemberActiveAsync(TechnicianRole, "theo@tests.local", false);
        await SignInAsync(TaskDeskApp.AdminEmail);

        var (provider, reference) = await ShowAsync(currentUserId: UserIds["tina@tests.local"], count: 1);
        provider.WaitForElement("[data-testid=transfer-user]", Patience);
        Assert.True(provider.Find("[data-testid=transfer-confirm]").HasAttribute("disabled"));
        Assert.Contains("Transfer the assignment", provider.Markup, StringComparison.Ordinal);

        var offered = OpenSelect(provider, "transfer-user");
        Assert.Equal(["tom (tom@tests.local)"], offered.Select(o => o.TextContent.Trim()));
        offered[0].Click();
        provider.Find("textarea[data-testid=transfer-notes]").Input(" Tom knows this printer. ");
        provider.WaitForAssertion(() => Assert.False(provider.Find("[data-testid=transfer-confirm]").HasAttribute("disabled")));
        provider.Find("[data-testid=transfer-confirm]").Click();

        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(new TransferChoice(UserIds["tom@tests.local"], "Tom knows this printer."), result.Data);
    }

    [Fact]
    public async Task ForSeveralAssignments_SaysHowMany()
    {
        await SignInAsync(TaskDeskApp.AdminEmail);

        var (provider, _) = await ShowAsync(currentUserId: null, count: 3);

        provider.WaitForAssertion(() => Assert.Contains("Transfer 3 assignments", provider.Markup, StringComparison.Ordinal), Patience);
        Assert.Equal(["theo (theo@tests.local)", "tina (tina@tests.local)"], OpenSelect(provider, "transfer-user").Select(o => o.TextContent.Trim()).Order());
    }

    [Fact]
    public async Task WhenNoOneElseIsActiveInTheRole_SaysSo_AndCannotConfirm()
    {
        await SignInAsync(TaskDeskApp.AdminEmail);
        await SetMemberActiveAsync(TechnicianRole, "theo@tests.local", false);

        var (provider, _) = await ShowAsync(currentUserId: UserIds["tina@tests.local"], count: 1);

        provider.WaitForElement("[data-testid=transfer-no-candidates]", Patience);
        Assert.True(provider.Find("[data-testid=transfer-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task SomeoneWhoMayNotTransfer_SeesTheRefusal_AndCannotConfirm()
    {
        await SignInAsync("ava@tests.local");

        var (provider, _) = await ShowAsync(currentUserId: null, count: 1);

        var error = provider.WaitForElement("[data-testid=transfer-error]", Patience);
        Assert.Contains("Only administrators and the coordinators of open tasks", error.TextContent, StringComparison.Ordinal);
        Assert.True(provider.Find("[data-testid=transfer-confirm]").HasAttribute("disabled"));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> ShowAsync(int? currentUserId, int count)
    {
        var provider = Ctx.Render<MudDialogProvider>();
        var dialogs = Ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<TransferDialog>
        {
            { d => d.RoleName, "IT Technician" },
            { d => d.RoleId, TechnicianRole },
            { d => d.CurrentUserId, currentUserId },
            { d => d.Count, count },
        };
        IDialogReference reference = null!;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<TransferDialog>("Transfer", parameters));
        return (provider, reference);
    }
}
