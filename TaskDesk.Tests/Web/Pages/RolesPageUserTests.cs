using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Roles;

namespace TaskDesk.Tests.Web.Pages;

/// <summary>The users tab of Roles &amp; users over the real services, as the administrator.</summary>
public sealed class RolesPageUserTests : RuntimeComponentTest
{
    [Fact]
    public async Task Deactivate_AsksFirst_IsBusyWhileAsking_ThenShowsTheUserDeactivated()
    {
        var tina = UserIds["tina@tests.local"];
        var (dialogs, page) = await UsersTabAsync();

        page.Find($"[data-testid=user-deactivate-{tina}]").Click();

        var confirm = dialogs.WaitForElements("button", Patience).Single(b => b.TextContent.Trim() == "Deactivate");
        Assert.True(page.Find($"[data-testid=user-deactivate-{UserIds["theo@tests.local"]}]").HasAttribute("disabled"), "a second action cannot start while the first asks");
        confirm.Click();

        page.WaitForAssertion(() => Assert.Equal("Deactivated", page.Find($"[data-testid=user-status-{tina}]").TextContent.Trim()), Patience);
        Assert.NotEmpty(page.FindAll($"[data-testid=user-reactivate-{tina}]"));
        Assert.Contains("tina is deactivated.", Snackbar.ShownSnackbars.Select(s => s.Message));
    }

    [Fact]
    public async Task DeactivatingYourself_IsRefused_AndTheRefusalIsShown()
    {
        var root = await App.AdministratorAsync();
        var (dialogs, page) = await UsersTabAsync();

        page.Find($"[data-testid=user-deactivate-{root.UserId}]").Click();
        dialogs.WaitForElements("button", Patience).Single(b => b.TextContent.Trim() == "Deactivate").Click();

        page.WaitForAssertion(() => Assert.Contains(Snackbar.ShownSnackbars, s => s.Message?.Contains("cannot deactivate yourself", StringComparison.Ordinal) == true), Patience);
        page.WaitForAssertion(() => Assert.Equal("Active", page.Find($"[data-testid=user-status-{root.UserId}]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task SetPassword_AWeakOneIsRefusedInTheDialog_WhichKeepsWhatWasTyped()
    {
        var tina = UserIds["tina@tests.local"];
        var (dialogs, page) = await UsersTabAsync();

        page.Find($"[data-testid=user-password-{tina}]").Click();
        dialogs.WaitForElement("input[data-testid=password-input]", Patience).Input("short");
        dialogs.Find("[data-testid=password-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("at least", dialogs.Find("[data-testid=password-dialog]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal("short", dialogs.Find("input[data-testid=password-input]").GetAttribute("value"));

        dialogs.Find("input[data-testid=password-input]").Input("Brand-new-2");
        dialogs.Find("[data-testid=password-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=password-dialog]")), Patience);
        await App.ClientForAsync("tina@tests.local", "Brand-new-2");
    }

    [Fact]
    public async Task RemoveMember_IsBusyWhileAsking_SoASecondClickOpensNothing()
    {
        await SignInAsync(TaskDeskApp.AdminEmail);
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<RolesPage>();
        page.WaitForElement("[data-testid=member-remove]", Patience);
        var before = page.FindAll("[data-testid=member]").Count;

        page.FindAll("[data-testid=member-remove]")[0].Click();

        var confirm = dialogs.WaitForElements("button", Patience).Single(b => b.TextContent.Trim() == "Remove");
        Assert.All(page.FindAll("[data-testid=member-remove]"), b => Assert.True(b.HasAttribute("disabled"), "a second removal cannot start while the first asks"));
        confirm.Click();
        page.WaitForAssertion(() => Assert.Equal(before - 1, page.FindAll("[data-testid=member]").Count), Patience);
    }

    private ISnackbar Snackbar => Ctx.Services.GetRequiredService<ISnackbar>();

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<RolesPage> Page)> UsersTabAsync()
    {
        await SignInAsync(TaskDeskApp.AdminEmail);
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<RolesPage>();
        page.WaitForElement("[data-testid=roles-tabs]", Patience);
        await page.InvokeAsync(() => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim().StartsWith("Users", StringComparison.Ordinal)).Click());
        page.WaitForElement($"[data-testid=user-status-{UserIds["tina@tests.local"]}]", Patience);
        return (dialogs, page);
    }
}
