using Microsoft.AspNetCore.Http.HttpResults;
using TaskDesk.Domain.Common;

namespace TaskDesk.Web.Infrastructure;

/// <summary>Says under which key an endpoint's field errors go: <c>"workflow."</c> when the body nests the fields under <c>workflow</c>.</summary>
public sealed record ProblemFieldPrefix(string Prefix);

/// <summary>Turns the domain's refusals into RFC 7807 problem details for every endpoint of the API.</summary>
public sealed class ApiProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (ToProblem(exception, context.HttpContext) is { } problem)
        {
            return problem;
        }
    }

    public static IResult? ToProblem(Exception exception, HttpContext http)
    {
        var prefix = http.GetEndpoint()?.Metadata.GetMetadata<ProblemFieldPrefix>()?.Prefix ?? "";
        return exception switch
        {
            DomainValidationException invalid => ValidationProblem(invalid.Issues, prefix),
            DomainConflictException conflict => TypedResults.Problem(conflict.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
            DomainNotFoundException missing => TypedResults.Problem(missing.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            AccessDeniedException denied => TypedResults.Problem(denied.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
            NotSignedInException unauthenticated => TypedResults.Problem(unauthenticated.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"),
            _ => null,
        };
    }

    public static ValidationProblem ValidationProblem(IEnumerable<ValidationIssue> issues, string fieldPrefix = "") =>
        TypedResults.ValidationProblem(
            issues.GroupBy(i => KeyOf(i, fieldPrefix)).ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray()),
            detail: "The request was refused and nothing was changed; see errors.",
            title: "One or more validation errors occurred.");

    /// <summary>The problem-details key of an issue: the JSON path of the field, node or edge it concerns.</summary>
    public static string KeyOf(ValidationIssue issue, string fieldPrefix = "") => issue.Subject switch
    {
        IssueSubject.Field => fieldPrefix + issue.Target,
        IssueSubject.Step => $"graph.nodes[{issue.Target}]",
        IssueSubject.Transition => $"graph.edges[{issue.Target}]",
        _ => "graph",
    };
}
