using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>Raw JSON in and out, so the tests check the wire format (snake_case, problem details) and not our own types.</summary>
public static class Json
{
    public static HttpContent Body(string json) => new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static HttpContent Body(JsonNode json) => Body(json.ToJsonString());

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"Empty JSON from {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
    }

    public static string File(string name) => System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Web", "Api", "Bodies", name));

    /// <summary>The keys of a problem details' <c>errors</c>.</summary>
    public static IReadOnlyCollection<string> ErrorKeys(JsonNode problem) =>
        problem["errors"]?.AsObject().Select(p => p.Key).ToList() ?? [];

    public static string AllErrorMessages(JsonNode problem) =>
        string.Join("\n", problem["errors"]?.AsObject().SelectMany(p => p.Value!.AsArray().Select(m => $"{p.Key}: {m}")) ?? []);
}
