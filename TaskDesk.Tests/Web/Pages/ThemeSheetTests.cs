using System.Text.RegularExpressions;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Pages;

/// <summary>
/// The theme's style sheets come with the page, drawn once outside the interactive part (App.razor): a circuit keeps
/// no theme provider, theme or style sheet of its own for its life (decision 0014).
/// </summary>
public sealed partial class ThemeSheetTests : RuntimeTest
{
    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/access-denied")]
    public async Task APage_CarriesTheThemeOnce_OutsideEveryInteractiveComponent(string path)
    {
        var html = await App.CreateClient().GetStringAsync(path);

        var sheet = html.IndexOf("--mud-palette-primary:", StringComparison.Ordinal);
        Assert.True(sheet >= 0, $"No theme sheet in {path}:\n{html}");
        Assert.Equal(sheet, html.LastIndexOf("--mud-palette-primary:", StringComparison.Ordinal));

        // A prerendered interactive component lies between its start and end markers, which share a prerender id.
        var starts = PrerenderStart().Matches(html).ToDictionary(m => m.Groups["id"].Value, m => m.Index);
        var ends = PrerenderEnd().Matches(html).ToDictionary(m => m.Groups["id"].Value, m => m.Index);
        Assert.NotEmpty(starts);
        Assert.Equal(starts.Keys.Order(), ends.Keys.Order());
        Assert.All(starts, start => Assert.False(
            start.Value < sheet && sheet < ends[start.Key],
            $"The theme sheet is inside interactive component {start.Key} of {path}."));
    }

    [GeneratedRegex("""<!--Blazor:\{"type":"server","prerenderId":"(?<id>[0-9a-f]+)""")]
    private static partial Regex PrerenderStart();

    [GeneratedRegex("""<!--Blazor:\{"prerenderId":"(?<id>[0-9a-f]+)"\}-->""")]
    private static partial Regex PrerenderEnd();
}
