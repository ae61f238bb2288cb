using TaskDesk.Bench;
using TaskDesk.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Bench;

/// <summary>
/// The bench at its tiny size: the generator and every scenario run end to end against the real app and report their
/// figures. Nothing here is timed or compared with a target; the bench itself is run by hand (see the README).
/// </summary>
[Trait("Category", TestPostgres.Integration)]
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task ServiceScenarios_RunOnGeneratedData_AndReportEveryFigureBesideItsLimit()
    {
        var options = new BenchOptions { Sizes = BenchSizes.Tiny, Mode = "tiny", Scenarios = ["intake", "transitions", "scan", "inbox"] };

        // On the PostgreSQL run of scripts/test.sh the bench's datasets are databases on that server, named after this one.
        var database = $"taskdesk_bench_{Guid.NewGuid():N}"[..24];
        if (TestPostgres.Server is { } server)
        {
            TestPostgres.CreateDatabaseIfMissing(server, database);
            options = options with { Provider = "postgresql", Connection = TestPostgres.ConnectionString(server, database) };
        }

        BenchResult result;
        try
        {
            result = await new BenchRun(options, Progress.Silent).RunAsync();
        }
        finally
        {
            if (TestPostgres.Server is { } created)
            {
                TestPostgres.DropDatabase(created, database);
            }
        }

        Assert.Empty(result.Failed);
        var figures = result.Table.Figures;
        foreach (var name in new[] { "tickets per second, 1 producer", "tickets per second, 4 producers" })
        {
            var intake = Assert.Single(figures, f => f.Scenario == "intake" && f.Name == name);
            Assert.True(intake.Value > 0 && intake.Limit > 0, $"{name}: {intake.Value} against {intake.Limit}");
            Assert.StartsWith("rows per ticket: Tickets 1.00, Tasks 1.00", intake.Note, StringComparison.Ordinal);
        }

        Assert.Equal(0, Assert.Single(figures, f => f.Name == "database-is-locked errors, 4 producers").Value);
        Assert.All(figures.Where(f => f.Scenario == "transitions" && f.Name.StartsWith("transitions per second", StringComparison.Ordinal)), f =>
        {
            Assert.True(f.Value > 0 && f.Limit > 0);
            Assert.DoesNotContain("errors", f.Note, StringComparison.Ordinal);
        });

        // Each scan wrote exactly the rows its plain-SQL floor wrote on an identical copy.
        var scans = figures.Where(f => f.Scenario == "sla scan" && f.Name.StartsWith("one scan", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, scans.Count);
        Assert.All(scans, f => Assert.Contains("rows written:", f.Note, StringComparison.Ordinal));

        // Each warm-up round handled its own warm-up tasks (a warning and a breach each) before the timed scan.
        Assert.All(scans, f => Assert.Matches(@"warm-up rounds handled [1-9]\d* / [1-9]\d* assignments", f.Note));
        Assert.Single(figures, f => f.Scenario == "sla scan" && f.Name.StartsWith("growth exponent", StringComparison.Ordinal));

        // Ten inbox queries, each with p50, p95 and p99 beside the same SQL through plain ADO.NET.
        var inbox = figures.Where(f => f.Scenario == "inbox").ToList();
        Assert.Equal(30, inbox.Count);
        Assert.All(inbox, f => Assert.True(f.Value > 0 && f.Limit > 0, $"{f.Name}: {f.Value} against {f.Limit}"));

        // The plain side replays what was captured, never none: My Tasks' count and page; the task lists' count and page
        // ids, then the rows when the page has any (a search of these few tickets may find none).
        Assert.All(inbox.Where(f => f.Name.EndsWith("p95", StringComparison.Ordinal)), f =>
            Assert.Matches(f.Name.StartsWith("my tasks", StringComparison.Ordinal) ? "calls, 2 statements each" : "calls, [23] statements each", f.Note));
        Assert.All(inbox.Where(f => f.Name.EndsWith("p95", StringComparison.Ordinal)), f => Assert.Matches("warmed up with [2-4] calls in 2 rounds", f.Note));
        Assert.DoesNotContain(figures, f => f.Note.Contains("NOT COMPARABLE", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_RefuseWhatTheyDoNotKnow_AndSayWhy()
    {
        var unknown = Assert.Throws<TaskDesk.Bench.Hosting.BenchUsageException>(() => BenchOptions.Parse(["--scenarios", "intake,speed"]));
        Assert.Contains("'speed'", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<TaskDesk.Bench.Hosting.BenchUsageException>(() => BenchOptions.Parse(["--seed", "many"]));
        Assert.Throws<TaskDesk.Bench.Hosting.BenchUsageException>(() => BenchOptions.Parse(["--page", "tasks"]));

        Assert.Throws<TaskDesk.Bench.Hosting.BenchUsageException>(() => TaskDesk.Bench.Hosting.BenchDatabase.For("oracle", null, Path.GetTempPath()));
    }

    [Fact]
    public void PostgreSqlProvider_NeedsTheServerToUse_AndSaysSo()
    {
        var missing = Assert.Throws<TaskDesk.Bench.Hosting.BenchUsageException>(() => TaskDesk.Bench.Hosting.BenchDatabase.For("postgresql", null, Path.GetTempPath()));
        Assert.Contains("needs --connection", missing.Message, StringComparison.Ordinal);

        var server = TaskDesk.Bench.Hosting.BenchDatabase.For("postgresql", "Host=localhost;Database=taskdesk", Path.GetTempPath());
        Assert.Equal(DatabaseProvider.PostgreSql, server.Provider);
        Assert.Contains("Database=taskdesk_bench_inbox", server.NewDatabase("inbox"), StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The circuits scenario needs Chromium and runs the app in a process of its own: with the browser tests.</summary>
[Collection(BrowserFixture.Collection)]
[Trait("Category", "Browser")]
public sealed class BenchCircuitSmokeTests
{
    [Fact]
    public async Task CircuitScenario_OpensCircuitsInChromium_AndReadsTheServersMemory()
    {
        var options = new BenchOptions { Sizes = BenchSizes.Tiny, Mode = "tiny", Scenarios = ["circuits"] };

        var result = await new BenchRun(options, Progress.Silent).RunAsync();

        Assert.Empty(result.Failed);
        var heap = Assert.Single(result.Table.Figures, f => f.Name.StartsWith("server GC heap with", StringComparison.Ordinal));
        Assert.True(heap.Value > 1, $"the server's heap was {heap.Value} MiB");
        Assert.Contains("server counts 4 live circuits (2 before)", heap.Note, StringComparison.Ordinal);
        var interaction = Assert.Single(result.Table.Figures, f => f.Name.StartsWith("interaction p95", StringComparison.Ordinal));
        Assert.True(interaction.Value > 0);
        Assert.StartsWith("3 clicks", interaction.Note, StringComparison.Ordinal);
    }
}
