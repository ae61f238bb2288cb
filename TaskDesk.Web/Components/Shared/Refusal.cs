using TaskDesk.Domain.Common;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Components.Shared;

/// <summary>
/// Exceptions whose message is written for the person at the screen: a service refused (a broken rule, a conflict,
/// something missing) or they may not do this. Pages show these; anything else is a bug and is left to surface.
/// </summary>
public static class Refusal
{
    public static bool Is(Exception exception) => exception is DomainException or AccessDeniedException or NotSignedInException;
}
