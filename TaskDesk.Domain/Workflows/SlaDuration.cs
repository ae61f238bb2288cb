using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskDesk.Domain.Workflows;

/// <summary>
/// Reads and writes SLA durations as the seeds do: <c>"72:00:00"</c>, where hours may exceed 24
/// (which <see cref="TimeSpan.Parse(string)"/> rejects). All three parts are required: "72:00" could mean 72 minutes. A leading day count, <c>"3 04:00:00"</c> or
/// <c>"3.04:00:00"</c>, is accepted too, as Django writes it.
/// </summary>
public static partial class SlaDuration
{
    [GeneratedRegex(@"^\s*(?:(?<days>\d{1,4})[ .])?(?<hours>\d{1,6}):(?<minutes>\d{1,2}):(?<seconds>\d{1,2})(?:\.(?<fraction>\d{1,7}))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The longest SLA, in hours (about 114 years): what six hour digits hold.</summary>
    public const long MaxHours = 999_999;

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var minutes = int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        if (minutes > 59 || seconds > 59)
        {
            return false;
        }

        var days = match.Groups["days"].Success ? long.Parse(match.Groups["days"].Value, CultureInfo.InvariantCulture) : 0;
        var hours = long.Parse(match.Groups["hours"].Value, CultureInfo.InvariantCulture);
        if ((days * 24) + hours > MaxHours)
        {
            // Format writes total hours; past six digits this parser could not read them back (a stored version's SLA
            // would read as none, and its tasks would never breach).
            return false;
        }

        var fractionTicks = match.Groups["fraction"].Success
            ? long.Parse(match.Groups["fraction"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture)
            : 0;

        value = TimeSpan.FromTicks((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * TimeSpan.TicksPerSecond + fractionTicks);
        return true;
    }

    /// <summary>Formats as total hours, minutes and seconds (<c>"72:00:00"</c>), the form the seeds use.</summary>
    public static string Format(TimeSpan value)
    {
        var sign = value < TimeSpan.Zero ? "-" : "";
        var abs = value.Duration();
        var text = string.Create(CultureInfo.InvariantCulture, $"{sign}{abs.Ticks / TimeSpan.TicksPerHour:00}:{abs.Minutes:00}:{abs.Seconds:00}");
        var fraction = abs.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text : text + "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
