using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components.RenderTree;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// What a rendered component keeps in its render tree, for tests of what a circuit holds: the renderer's frames are
/// protected, so they are read as a renderer's subclass would. BL0006 warns that these types may change between
/// framework versions; the tests read only frame types and markup text.
/// </summary>
#pragma warning disable BL0006
public static class RenderedFrames
{
    private static readonly MethodInfo CurrentFrames =
        typeof(Renderer).GetMethod("GetCurrentRenderTreeFrames", BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>The markup texts among the component's current frames, in order.</summary>
    public static List<string> Markup(BunitContext ctx, int componentId)
    {
        var frames = (ArrayRange<RenderTreeFrame>)CurrentFrames.Invoke(ctx.Renderer, [componentId])!;
        var markup = new List<string>();
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames.Array[i].FrameType == RenderTreeFrameType.Markup)
            {
                markup.Add(frames.Array[i].MarkupContent);
            }
        }

        return markup;
    }

    /// <summary>How many frames the component keeps for its current render.</summary>
    public static int Count(BunitContext ctx, int componentId) =>
        ((ArrayRange<RenderTreeFrame>)CurrentFrames.Invoke(ctx.Renderer, [componentId])!).Count;
}
#pragma warning restore BL0006
