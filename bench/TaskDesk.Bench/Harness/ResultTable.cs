using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskDesk.Bench.Harness;

/// <summary>The bench's one table: printed for people, written as JSON for tracking runs over time.</summary>
public sealed class ResultTable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public IEnumerable<Figure> Missed => _figures.Where(f => f.Met == false);

    public void Add(Figure figure) => _figures.Add(figure);

    public string Render()
    {
        string[] header = ["scenario", "figure", "value", "unit", "limit", "ratio", "target", "met", "note"];
        var rows = _figures.Select(f => new[]
        {
            f.Scenario, f.Name, Figure.Format(f.Value), f.Unit, f.Limit is { } limit ? Figure.Format(limit) : "",
            f.Ratio is { } ratio ? Figure.Format(ratio) : "", f.Target, f.Met switch { true => "yes", false => "NO", null => "" }, f.Note,
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var numeric = new[] { false, false, true, false, true, true, false, false, false };

        var text = new StringBuilder();
        void Line(string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                var cell = numeric[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
                text.Append(i == 0 ? "" : " | ").Append(i == cells.Length - 1 ? cell.TrimEnd() : cell);
            }

            text.AppendLine();
        }

        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows)
        {
            Line(row);
        }

        var missed = Missed.ToList();
        text.AppendLine();
        text.AppendLine(missed.Count == 0
            ? "Every target was met."
            : $"Targets missed ({missed.Count}):");
        foreach (var figure in missed)
        {
            var failed = string.Join("; ", figure.Checks.Where(c => !c.Met).Select(c => c.Description));
            text.AppendLine($"  - {figure.Scenario} / {figure.Name}: {Figure.Format(figure.Value)} {figure.Unit}" +
                            (figure.Ratio is { } ratio ? $" (ratio {Figure.Format(ratio)})" : "") + $", wanted {failed}");
        }

        return text.ToString();
    }

    public async Task WriteJsonAsync(string path, BenchRunInfo run, CancellationToken ct = default)
    {
        var document = new
        {
            Run = run,
            Figures = _figures.Select(f => new
            {
                f.Scenario,
                Figure = f.Name,
                f.Value,
                f.Unit,
                f.Limit,
                f.Ratio,
                f.Target,
                f.Met,
                f.Note,
            }),
            Missed = Missed.Select(f => $"{f.Scenario} / {f.Name}"),
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, Json, ct);
    }
}

/// <summary>What the figures were measured on, written beside them.</summary>
public sealed record BenchRunInfo(
    DateTimeOffset StartedAt,
    double Seconds,
    string Mode,
    int Seed,
    string Provider,
    string Machine,
    int ProcessorCount,
    string Runtime,
    IReadOnlyList<string> Scenarios);
