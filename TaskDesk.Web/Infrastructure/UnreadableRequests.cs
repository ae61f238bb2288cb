using System.Text.Json;

namespace TaskDesk.Web.Infrastructure;

/// <summary>
/// A request the API could not read — a body that is not JSON, a value of the wrong type, text it refuses — gets problem
/// details naming the field, like every other refusal. ASP.NET Core reads the body before any endpoint filter runs,
/// and without this answered a bare 400 (or, in development, an exception page) that named nothing.
/// </summary>
public static class UnreadableRequests
{
    private const string NotConverted = "The JSON value could not be converted to ";

    /// <summary>For the API's branch of the pipeline; needs <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>.</summary>
    public static IApplicationBuilder UseUnreadableRequestProblems(this IApplicationBuilder api) => api.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException refused) when (!http.Response.HasStarted)
        {
            await ToProblem(refused).ExecuteAsync(http);
        }
    });

    public static IResult ToProblem(BadHttpRequestException refused)
    {
        if (refused.InnerException is not JsonException { Path: { } path } json)
        {
            return TypedResults.Problem(refused.Message, statusCode: refused.StatusCode, title: "Bad request");
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
        var reason = json.Message.Split(" Path: ")[0];
        var message = reason.StartsWith(NotConverted, StringComparison.Ordinal)
            ? $"{field} has a value of the wrong type or format" + (json.InnerException is { } detail ? $": {detail.Message}" : ".")
            : $"{field} {reason}";
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            detail: "The request was refused and nothing was changed; see errors.",
            title: "One or more validation errors occurred.");
    }
}
