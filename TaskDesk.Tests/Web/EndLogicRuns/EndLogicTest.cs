using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.EndLogicRuns;

namespace TaskDesk.Tests.Web.EndLogicRuns;

/// <summary>
/// The seed's world with an asset and a budget system: a real HTTP receiver the end logic posts to. Time is a clock the
/// test moves; a failed attempt waits an hour, then two (so only the test, moving the clock and running the sweep or
/// the job, makes the next one happen) and the third attempt is the last.
/// </summary>
public abstract class EndLogicTest : RuntimeTest
{
    protected const string PublicUrl = "http://taskdesk.test";

    // Whole seconds: the database keeps times to a tenth of a millisecond, and tests compare times they read back.
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private HttpReceiver? _receiver;

    protected HttpReceiver Receiver => _receiver ?? throw new InvalidOperationException("The receiver starts in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        _receiver = await HttpReceiver.StartAsync();
        App.WithSetting("TaskDesk:PublicUrl", PublicUrl)
            .WithSetting("TaskDesk:EndLogic:AssetUrl", Receiver.BaseUrl + "/assets/handoff")
            .WithSetting("TaskDesk:EndLogic:BudgetUrl", Receiver.BaseUrl + "/budget/handoff")
            .WithSetting("TaskDesk:EndLogic:MaxAttempts", "3")
            .WithSetting("TaskDesk:EndLogic:BackoffSeconds", "3600")
            .WithSetting("TaskDesk:EndLogic:MaxBackoffSeconds", "86400")

            // The sweep runs at start-up only, so each test decides when it runs.
            .WithSetting("TaskDesk:EndLogic:SweepCron", "0 0 1 1 *");
        ConfigureApp(App);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    protected override TaskDeskApp CreateApp() => new() { Clock = Clock };

    /// <summary>Settings a test class changes, before the app starts.</summary>
    protected virtual void ConfigureApp(TaskDeskApp app)
    {
    }

    /// <summary>A workflow like the seed's that ends in <paramref name="endLogic"/> and takes tickets of the category <paramref name="category"/>.</summary>
    protected async Task<RunningWorkflow> InitializeWorkflowAsync(string endLogic, string category) =>
        await new TaskScenario(App, Admin).InitializeWorkflowAsync(SeedBody(), body =>
        {
            var workflow = body["workflow"]!;
            workflow["name"] = $"{category} handoff";
            workflow["category"] = category;
            workflow["end_logic"] = endLogic;
        });

    /// <summary>A ticket of <paramref name="category"/> taken in through the API, and its task completed by an administrator.</summary>
    protected async Task<int> CompleteTicketAsync(string number, string category)
    {
        var taskId = await TaskIdOfAsync(TicketBody(number, category: category));
        await CompleteAsync(taskId);
        return taskId;
    }

    protected async Task<JsonArray> RunsAsync(string status) => (await GetAsync($"/api/end-logic?status={status}")).AsArray();

    protected Task<WorkTask> WaitForEndLogicAsync(int taskId, Func<WorkTask, bool> done) => EndLogicState.WaitAsync(App, taskId, done, JobsReport);
}

/// <summary>Reads a task's end-logic state until it is as expected.</summary>
public static class EndLogicState
{
    /// <summary>Waits until the task satisfies <paramref name="done"/> (or 60 seconds pass).</summary>
    public static async Task<WorkTask> WaitAsync(TaskDeskApp app, int taskId, Func<WorkTask, bool> done, Func<string> jobsReport)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var db = app.CreateDbContext();
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
            if (done(task))
            {
                return task;
            }

            Assert.True(
                DateTime.UtcNow < deadline,
                $"The end logic of task {taskId} never reached the expected state; last: pending {task.EndLogicPending}, {task.EndLogicAttempts} attempts, next at {task.EndLogicNextAttemptAt:O}, claimed until {task.EndLogicClaimedUntil:O}, failed at {task.EndLogicFailedAt:O}, done at {task.EndLogicDoneAt:O}, error '{task.EndLogicError}'. {jobsReport()} {app.Log.Text}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs the end-logic job for a task as Hangfire would.</summary>
    public static Task RunJobAsync(TaskDeskApp app, int taskId) => app.Service<RunEndLogicJob>().RunAsync(taskId, CancellationToken.None);
}
