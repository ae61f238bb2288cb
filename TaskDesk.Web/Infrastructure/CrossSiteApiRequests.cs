namespace TaskDesk.Web.Infrastructure;

/// <summary>
/// Refuses a browser's cross-site request that would change something through the API. The API accepts the sign-in
/// cookie, which a browser sends along with a form posted from any other site (SameSite=Lax stops that only across
/// sites, not from a sibling subdomain, and not in every browser), so a page elsewhere could make an administrator's
/// browser deploy, pause or archive workflows. TaskDesk's own pages call the API from its own origin; other systems
/// are not browsers and send neither header checked here.
/// </summary>
public static class CrossSiteApiRequests
{
    public static IApplicationBuilder UseCrossSiteApiRefusal(this IApplicationBuilder api) => api.Use(async (http, next) =>
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method) && IsCrossSite(http.Request))
        {
            await TypedResults.Problem(
                "The API does not take changes from a page of another site; TaskDesk's own pages, and other systems with their key or token, may.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden").ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    /// <summary>What the browser says of where the request came from: Sec-Fetch-Site, or, from browsers without it, Origin.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site)
        {
            return site is not ("same-origin" or "none");
        }

        return request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var from) && string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
