using System.Globalization;
using System.Security.Claims;
using TaskDesk.Data.Identity;

namespace TaskDesk.Web.Infrastructure;

/// <summary>Who is acting: the signed-in user as a feature service sees them, from a page or an API call alike.</summary>
public sealed record Actor(int UserId, bool IsAdministrator)
{
    public static Actor From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            throw new NotSignedInException();
        }

        return new Actor(userId, principal.IsInRole(AppRoles.Administrator));
    }

    public void RequireAdministrator()
    {
        if (!IsAdministrator)
        {
            throw new AccessDeniedException("Only administrators may do this.");
        }
    }
}

/// <summary>The caller is signed in but may not do this (HTTP 403).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>The caller is not signed in (HTTP 401).</summary>
public sealed class NotSignedInException() : Exception("Sign in first.");
