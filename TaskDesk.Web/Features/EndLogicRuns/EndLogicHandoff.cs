using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TaskDesk.Data;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;
using EndLogicKind = TaskDesk.Domain.Workflows.EndLogic;

namespace TaskDesk.Web.Features.EndLogicRuns;

/// <summary>An attempt that cannot succeed until an administrator changes the configuration: it fails for good at once.</summary>
public sealed class EndLogicConfigurationException(string message) : Exception(message);

/// <summary>The receiving system answered, but not with success.</summary>
public sealed class EndLogicRefusedException(string message) : Exception(message);

/// <summary>
/// Hands a completed ticket to the asset or budget system: one POST of <see cref="EndLogicPayload"/> to the configured
/// URL, with an <c>Idempotency-Key</c> that is the same on every attempt, so the receiver can drop a repeat (a retry
/// after a lost answer, a crash between the POST and marking it done).
/// </summary>
public sealed class EndLogicHandoff(IHttpClientFactory clients, VersionDefinitions definitions, IOptions<TaskDeskOptions> options, IOptions<EmailOptions> email)
{
    public const string ClientName = "end-logic";
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int ExcerptLength = 300;

    public static string IdempotencyKey(int taskId) => $"taskdesk-task-{taskId}";

    public async Task PostAsync(TaskDeskDbContext db, WorkTask task, EndLogicKind kind, CancellationToken ct)
    {
        var target = Target(kind);
        var payload = await EndLogicPayload.BuildAsync(db, task, definitions, email.Value.TaskLink(task.Id), ct);
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, EndLogicPayload.Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        request.Headers.Add(IdempotencyHeader, IdempotencyKey(task.Id));

        // Without the query and user info, where webhook URLs tend to carry their secrets.
        var where = $"{target.Scheme}://{target.Authority}{target.AbsolutePath}";

        // The client's timeout ends the wait for the answer's headers only: a receiver that sent them and then stalled
        // in its body held the attempt (and a job worker) for good, and the sweep started another every claim.
        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.Value.EndLogic.TimeoutSeconds));
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = await ExcerptAsync(response, attempt.Token);
                throw new EndLogicRefusedException(
                    $"{where} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (excerpt.Length > 0 ? $": {excerpt}" : ""));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new EndLogicRefusedException($"{where} did not answer within {timeout.TotalSeconds:0} s.");
        }
    }

    private Uri Target(EndLogicKind kind)
    {
        var settings = options.Value.EndLogic;
        var (key, url) = kind switch
        {
            EndLogicKind.Asset => ("AssetUrl", settings.AssetUrl),
            EndLogicKind.Budget => ("BudgetUrl", settings.BudgetUrl),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only asset and budget end logic is posted."),
        };
        var setting = $"{TaskDeskOptions.Section}:EndLogic:{key}";
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new EndLogicConfigurationException($"{setting} is not configured: set it to the {kind.ToString().ToLowerInvariant()} system's URL, then retry.");
        }

        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var target) && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps)
            ? target
            : throw new EndLogicConfigurationException($"{setting} '{url}' is not an absolute http or https URL.");
    }

    // The start of what the receiver said, on one line: enough to tell a wrong URL from a broken receiver.
    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[ExcerptLength];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        var text = string.Join(' ', new string(buffer, 0, read).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return read == ExcerptLength ? text + " …" : text;
    }
}
