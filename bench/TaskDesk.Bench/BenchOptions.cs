using System.Globalization;
using TaskDesk.Bench.Hosting;

namespace TaskDesk.Bench;

/// <summary>How big each scenario runs. <see cref="Full"/> is the issue's sizes; <see cref="Quick"/> checks everything in under a minute.</summary>
public sealed record BenchSizes
{
    /// <summary>The issue's sizes, within ten minutes on a quiet two-core machine.</summary>
    public static BenchSizes Full { get; } = new();

    public static BenchSizes Quick { get; } = new()
    {
        RuntimeTasks = 2_000,
        RuntimeUsers = 200,
        IntakeWarmUp = 20,
        IntakeOneProducer = 100,
        IntakeManyProducers = 200,
        TransitionWarmUp = 20,
        TransitionsOneProducer = 100,
        TransitionsManyProducers = 200,
        ScanAssignments = [1_000, 10_000, 50_000],
        InboxTasks = 10_000,
        InboxUsers = 200,
        InboxCalls = 15,
        InboxWarmUpCalls = 30,
        Circuits = 20,
        Interactions = 20,
    };

    /// <summary>Just enough of everything to prove the bench works (the test suite's smoke test).</summary>
    public static BenchSizes Tiny { get; } = new()
    {
        RuntimeTasks = 200,
        RuntimeUsers = 40,
        Workflows = 10,
        Producers = 4,
        IntakeWarmUp = 2,
        IntakeOneProducer = 6,
        IntakeManyProducers = 8,
        TransitionWarmUp = 2,
        TransitionsOneProducer = 6,
        TransitionsManyProducers = 8,
        ScanAssignments = [300, 600],
        InboxTasks = 400,
        InboxUsers = 40,
        InboxCalls = 3,
        InboxWarmUpCalls = 2,
        JitPause = TimeSpan.Zero,
        Circuits = 2,
        Interactions = 3,
    };

    /// <summary>Tasks already in the database intake and transitions work on, spread over <see cref="Workflows"/>.</summary>
    public int RuntimeTasks { get; init; } = 20_000;

    public int RuntimeUsers { get; init; } = 1_000;

    public int Workflows { get; init; } = 40;

    /// <summary>The "many producers" of intake and transitions.</summary>
    public int Producers { get; init; } = 16;

    public int IntakeWarmUp { get; init; } = 100;

    public int IntakeOneProducer { get; init; } = 1_500;

    public int IntakeManyProducers { get; init; } = 3_000;

    public int TransitionWarmUp { get; init; } = 100;

    public int TransitionsOneProducer { get; init; } = 1_500;

    public int TransitionsManyProducers { get; init; } = 3_000;

    public IReadOnlyList<int> ScanAssignments { get; init; } = [10_000, 100_000, 1_000_000];

    public int InboxTasks { get; init; } = 100_000;

    public int InboxUsers { get; init; } = 1_000;

    /// <summary>Calls of each inbox query (and as many of its plain SQL), after its warm-up; a query still running at 15 s stops there, after at least 30.</summary>
    public int InboxCalls { get; init; } = 400;

    /// <summary>Calls in each of an inbox query's two warm-up rounds (a round stops at 2 s), both sides, untimed.</summary>
    public int InboxWarmUpCalls { get; init; } = 100;

    /// <summary>The pause after each warm-up round (inbox, intake, transitions), in which the JIT recompiles the hot methods it counted.</summary>
    public TimeSpan JitPause { get; init; } = TimeSpan.FromSeconds(0.5);

    public int Circuits { get; init; } = 200;

    public int Interactions { get; init; } = 100;
}

/// <summary>The command line: <c>TaskDesk.Bench [--quick] [--seed N] [--provider sqlite|postgresql] ...</c>.</summary>
public sealed record BenchOptions
{
    public static readonly string[] AllScenarios = ["intake", "transitions", "scan", "inbox", "circuits"];

    public const string Usage = """
        TaskDesk.Bench: how fast TaskDesk takes in tickets, moves tasks, scans SLAs and serves inboxes, against plain SQL.

          dotnet run -c Release --project bench/TaskDesk.Bench -- [options]

          --quick                 small sizes, under a minute (default: the issue's sizes, under ten minutes)
          --tiny                  a few rows of everything: proves the bench works, measures nothing
          --seed N                the data generator's seed (default 1): the same seed makes the same data
          --scenarios A,B         some of intake, transitions, scan, inbox, circuits (default: all)
          --provider P            sqlite (default) or postgresql
          --connection TEXT       for postgresql: server, user and the database the datasets are named after
          --page PATH             the page the circuits sit on (default /tasks/my-tasks; / when that page does not exist)
          --circuits N            how many circuits to open (default 200, quick 20)
          --json FILE             also write the table as JSON
          --explain               print the inbox queries' SQL and query plans to standard error
          --work DIR              where SQLite datasets go (default: a temporary folder, deleted afterwards)
          --keep                  keep the datasets in the work folder
          --help                  this text
        """;

    public BenchSizes Sizes { get; init; } = BenchSizes.Full;

    public string Mode { get; init; } = "full";

    public int Seed { get; init; } = 1;

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;

    public string Provider { get; init; } = "sqlite";

    public string? Connection { get; init; }

    public string Page { get; init; } = "/tasks/my-tasks";

    public string? JsonPath { get; init; }

    public string? WorkFolder { get; init; }

    public bool Keep { get; init; }

    public bool Explain { get; init; }

    public bool Help { get; init; }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        int? circuits = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new BenchUsageException($"{name} needs a value.");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new BenchUsageException($"{name} takes a whole number of at least {min}, not '{args[i]}'.");

            switch (name)
            {
                case "--quick":
                    options = options with { Sizes = BenchSizes.Quick, Mode = "quick" };
                    break;
                case "--tiny":
                    options = options with { Sizes = BenchSizes.Tiny, Mode = "tiny" };
                    break;
                case "--seed":
                    options = options with { Seed = Number(0) };
                    break;
                case "--scenarios":
                    options = options with { Scenarios = ScenarioList(Value()) };
                    break;
                case "--provider":
                    options = options with { Provider = Value() };
                    break;
                case "--connection":
                    options = options with { Connection = Value() };
                    break;
                case "--page":
                    options = options with { Page = PagePath(Value()) };
                    break;
                case "--circuits":
                    circuits = Number(1);
                    break;
                case "--json":
                    options = options with { JsonPath = Value() };
                    break;
                case "--work":
                    options = options with { WorkFolder = Value() };
                    break;
                case "--keep":
                    options = options with { Keep = true };
                    break;
                case "--explain":
                    options = options with { Explain = true };
                    break;
                case "--help" or "-h":
                    options = options with { Help = true };
                    break;
                default:
                    throw new BenchUsageException($"Unknown option '{name}'.");
            }
        }

        return circuits is { } count ? options with { Sizes = options.Sizes with { Circuits = count } } : options;
    }

    private static string[] ScenarioList(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        var unknown = names.Where(n => !AllScenarios.Contains(n)).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            throw new BenchUsageException($"--scenarios takes some of {string.Join(", ", AllScenarios)}; '{string.Join(", ", unknown)}' is not one.");
        }

        return AllScenarios.Where(names.Contains).ToArray();
    }

    private static string PagePath(string text) =>
        text.StartsWith('/') && Uri.IsWellFormedUriString(text, UriKind.Relative)
            ? text
            : throw new BenchUsageException($"--page takes a path of the app such as /tasks/my-tasks, not '{text}'.");
}
