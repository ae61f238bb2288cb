using Bunit;
using MudBlazor;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Components.Layout;

namespace TaskDesk.Tests.Web.Components;

public sealed class SharedThemeProviderTests : MudComponentTest
{
    [Fact]
    public void DrawsWhatMudBlazorsThemeProviderDraws_ForTheAppsTheme()
    {
        var mud = Ctx.Render<MudThemeProvider>(p => p.Add(t => t.Theme, SharedThemeProvider.AppTheme));
        var shared = Ctx.Render<SharedThemeProvider>();

        Assert.Contains("--mud-palette-primary", shared.Markup, StringComparison.Ordinal);
        Assert.Equal(mud.Markup, shared.Markup);
    }

    [Fact]
    public void DarkMode_DrawsMudBlazorsDarkSheets()
    {
        var mud = Ctx.Render<MudThemeProvider>(p => p.Add(t => t.Theme, SharedThemeProvider.AppTheme).Add(t => t.IsDarkMode, true));
        var light = Ctx.Render<SharedThemeProvider>();
        var dark = Ctx.Render<SharedThemeProvider>(p => p.Add(t => t.IsDarkMode, true));

        Assert.Equal(mud.Markup, dark.Markup);
        Assert.NotEqual(light.Markup, dark.Markup);
    }

    [Fact]
    public void EveryCircuit_KeepsTheSameStrings_NotACopyEach()
    {
        // Two contexts are two circuits: each has its own renderer and its own provider.
        using var other = CreateContext(renderPopovers: false);
        var first = Ctx.Render<SharedThemeProvider>();
        var second = other.Render<SharedThemeProvider>();

        var firstSheets = RenderedFrames.Markup(Ctx, first.ComponentId);
        var secondSheets = RenderedFrames.Markup(other, second.ComponentId);

        Assert.NotEmpty(firstSheets);
        Assert.Equal(firstSheets.Count, secondSheets.Count);
        Assert.All(firstSheets.Zip(secondSheets), pair => Assert.Same(pair.First, pair.Second));
        Assert.Contains(firstSheets, s => s.Contains("--mud-palette-primary", StringComparison.Ordinal));
    }

    [Fact]
    public void AnotherTheme_IsDrawnAsMudBlazorDrawsIt()
    {
        var theme = new MudTheme { PaletteLight = new PaletteLight { Primary = "#123456" } };
        var shared = Ctx.Render<SharedThemeProvider>(p => p.Add(t => t.Theme, theme));
        var mud = Ctx.Render<MudThemeProvider>(p => p.Add(t => t.Theme, theme));

        Assert.Contains("rgba(18,52,86,1)", shared.Markup, StringComparison.Ordinal);
        Assert.Equal(mud.Markup, shared.Markup);
    }
}
