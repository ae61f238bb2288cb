using System.Globalization;

namespace TaskDesk.Bench.Harness;

/// <summary>One target a figure is held to, e.g. "ratio ≥ 0.50" or "≤ 50 ms", and whether this run met it.</summary>
public sealed record Check(string Description, bool Met);

/// <summary>
/// One line of the bench's table: a measured value, the plain-database limit (or floor) it is compared with where there
/// is one, and the targets for it.
/// </summary>
public sealed record Figure(string Scenario, string Name, double Value, string Unit)
{
    public double? Limit { get; init; }

    public IReadOnlyList<Check> Checks { get; init; } = [];

    /// <summary>What the reader should know to read the value (the data size, a fallback page, errors seen).</summary>
    public string Note { get; init; } = "";

    public double? Ratio => Limit is > 0 ? Value / Limit : null;

    /// <summary>Null when the figure has no target.</summary>
    public bool? Met => Checks.Count == 0 ? null : Checks.All(c => c.Met);

    public string Target => string.Join("; ", Checks.Select(c => c.Description));

    public Figure WithLimit(double limit) => this with { Limit = limit };

    public Figure Noting(string note) => this with { Note = Note.Length == 0 ? note : $"{Note}; {note}" };

    /// <summary>Throughput-like figures: the value must reach a share of its limit.</summary>
    public Figure RatioAtLeast(double share) =>
        Add(new Check($"ratio ≥ {Format(share)}", Ratio is { } ratio && ratio >= share));

    /// <summary>Time-like figures: the value may take at most this multiple of its floor.</summary>
    public Figure RatioAtMost(double multiple) =>
        Add(new Check($"ratio ≤ {Format(multiple)}", Ratio is { } ratio && ratio <= multiple));

    public Figure AtMost(double bound) => Add(new Check($"≤ {Format(bound)} {Unit}", Value <= bound));

    public Figure AtLeast(double bound) => Add(new Check($"≥ {Format(bound)} {Unit}", Value >= bound));

    public static string Format(double value) =>
        value switch
        {
            0 => "0",
            >= 1000 or <= -1000 => value.ToString("N0", CultureInfo.InvariantCulture),
            >= 100 or <= -100 => value.ToString("0.0", CultureInfo.InvariantCulture),
            >= 1 or <= -1 => value.ToString("0.00", CultureInfo.InvariantCulture),
            _ => value.ToString("0.000", CultureInfo.InvariantCulture),
        };

    private Figure Add(Check check) => this with { Checks = [.. Checks, check] };
}
