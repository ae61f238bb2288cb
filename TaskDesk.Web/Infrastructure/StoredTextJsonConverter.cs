using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskDesk.Web.Infrastructure;

/// <summary>
/// Refuses text with control characters other than tab and line breaks in the API's requests. They mean nothing in a
/// subject, a note or a name, and PostgreSQL refuses to store a NUL at all: a request carrying one got a 500 there.
/// </summary>
public sealed class StoredTextJsonConverter : JsonConverter<string>
{
    private static readonly SearchValues<char> Refused = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))]);

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        var at = text?.AsSpan().IndexOfAny(Refused) ?? -1;
        if (at >= 0)
        {
            throw new JsonException($"contains the control character U+{(int)text![at]:X4}; text may hold tabs and line breaks but no other control characters.");
        }

        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
