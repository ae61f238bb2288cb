using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;
using MudBlazor;

namespace TaskDesk.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme provider, with every circuit keeping the same style sheet strings instead of a copy each.
/// MudThemeProvider writes the theme's CSS variables (about 11,700 characters) as a new string at each render, and each
/// circuit keeps it in its render tree for its life, beside a default theme of its own (some 120 colour objects): about
/// 30 KiB a circuit for the same text (decision 0014). This provider uses one theme instance for all, and draws
/// MudThemeProvider's own sheets through a small process-wide table of them, so equal sheets are one string.
/// Whatever MudThemeProvider draws beyond style sheets (another MudBlazor version) is drawn as it draws it.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    /// <summary>The app's theme: one instance for every circuit.</summary>
    public static readonly MudTheme AppTheme = new();

    // A light and a dark sheet of one theme, and a scrollbar sheet: a few entries. The bound keeps an app that made a
    // theme per person from filling it; past it, sheets are kept per circuit, as MudBlazor keeps them.
    private const int MaxSheets = 32;
    private static readonly ConcurrentDictionary<string, string> Sheets = new(StringComparer.Ordinal);

    public SharedThemeProvider() => Theme = AppTheme;

    // Reading frames is what BL0006 warns of: their types may change between framework versions. Only the frame type
    // and markup text are read, and anything but markup leaves MudBlazor to draw.
#pragma warning disable BL0006
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var drawn = new RenderTreeBuilder();
        base.BuildRenderTree(drawn);
        var frames = drawn.GetFrames();
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames.Array[i].FrameType != RenderTreeFrameType.Markup)
            {
                base.BuildRenderTree(builder);
                return;
            }
        }

        for (var i = 0; i < frames.Count; i++)
        {
            builder.AddMarkupContent(0, Shared(frames.Array[i].MarkupContent));
        }
    }
#pragma warning restore BL0006

    private static string Shared(string sheet) =>
        Sheets.TryGetValue(sheet, out var shared) ? shared
        : Sheets.Count < MaxSheets ? Sheets.GetOrAdd(sheet, sheet)
        : sheet;
}
