using System.Text.Json;

namespace TaskDesk.Web.Features.Workflows.Designer;

/// <summary>The ports an edge was drawn between, kept in the transition's design so it reads back as drawn.</summary>
public sealed record EdgeDesign(string? SourcePort, string? TargetPort)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static EdgeDesign Read(string? design)
    {
        try
        {
            return string.IsNullOrWhiteSpace(design) ? new(null, null) : JsonSerializer.Deserialize<EdgeDesign>(design, Json) ?? new(null, null);
        }
        catch (JsonException)
        {
            return new(null, null);
        }
    }

    public string Write() => JsonSerializer.Serialize(this, Json);
}
