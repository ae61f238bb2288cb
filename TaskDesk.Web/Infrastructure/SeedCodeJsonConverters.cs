using System.Text.Json;
using System.Text.Json.Serialization;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;

namespace TaskDesk.Web.Infrastructure;

/// <summary>Writes statuses and priorities the way the seeds spell them ("in progress", "on_hold", "critical").</summary>
public sealed class SeedCodeJsonConverter<TEnum>(Func<TEnum, string> toCode) : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(toCode(value), text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new JsonException($"'{text}' is not one of {string.Join(", ", Enum.GetValues<TEnum>().Select(toCode))}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(toCode(value));
}

public static class SeedCodeJson
{
    public static void AddSeedCodes(this JsonSerializerOptions options)
    {
        options.Converters.Add(new SeedCodeJsonConverter<WorkTaskStatus>(s => s.ToCode()));
        options.Converters.Add(new SeedCodeJsonConverter<AssignmentStatus>(s => s.ToCode()));
        options.Converters.Add(new SeedCodeJsonConverter<TicketPriority>(p => p.ToCode()));
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }
}
