using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskDesk.Data.PostgreSql;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Runtime;

/// <summary>
/// On a server database a task is checked by its row version (xmin on PostgreSQL), which any update of the row changes,
/// also the SLA scan's set-based marks. Here another connection updates the task's row just before the action saves:
/// a mark by a job is not someone acting (the action runs again and succeeds), a domain change is (409).
/// SQLite serializes writers, so this interleaving cannot happen there; these tests need the PostgreSQL server.
/// </summary>
[Trait("Category", TestPostgres.RequiresServer)]
public sealed class RowVersionTests : RuntimeTest
{
    private readonly UpdateBeforeTaskSave _meanwhile = new(TestPostgres.RequiredServer);

    protected override TaskDeskApp CreateApp() => new()
    {
        ConfigureServices = services => services.ConfigureDbContext<PostgreSqlTaskDeskDbContext>(options => options.AddInterceptors(_meanwhile)),
    };

    [Fact]
    public async Task Transition_WhileTheScanMarksTheTask_IsNotAConflict_AndHappensOnce()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-XMIN-1"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var assign = (int)(await TaskAsync(taskId))["available_transitions"]![0]!["transition_id"]!;
        _meanwhile.Arm(App, taskId, """UPDATE "Tasks" SET "WarnAt" = now() WHERE "Id" = @id""");

        var response = await (await ClientAsync(assignee)).PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign }));

        Assert.True(_meanwhile.Fired, "the other connection's update ran between the action's read and its save");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = App.CreateDbContext();
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
        Assert.Equal("Resolution", task.CurrentStepName);
        Assert.NotNull(task.WarnAt);
        Assert.Equal(1, await db.TaskActivities.CountAsync(a => a.TaskId == taskId && a.Kind == TaskDesk.Domain.Tasks.TaskActivityKind.Transitioned));
    }

    [Fact]
    public async Task Transition_WhileSomeoneElseChangesTheTask_Is409_AndChangesNothing()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-XMIN-2"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var assign = (int)(await TaskAsync(taskId))["available_transitions"]![0]!["transition_id"]!;
        _meanwhile.Arm(App, taskId, """UPDATE "Tasks" SET "Revision" = "Revision" + 1 WHERE "Id" = @id""");

        var response = await (await ClientAsync(assignee)).PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign }));

        Assert.True(_meanwhile.Fired);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await using var db = App.CreateDbContext();
        Assert.Equal("Triage", (await db.Tasks.SingleAsync(t => t.Id == taskId)).CurrentStepName);
        Assert.Equal(1, await db.TaskItems.CountAsync(i => i.TaskId == taskId));
    }

    /// <summary>Once armed, runs a statement on its own connection right before the next save that updates the task.</summary>
    private sealed class UpdateBeforeTaskSave(string server) : DbCommandInterceptor
    {
        private string? _connectionString;
        private string? _sql;
        private int _taskId;

        public bool Fired { get; private set; }

        public void Arm(TaskDeskApp app, int taskId, string sql)
        {
            using var db = app.CreateDbContext();
            _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = db.Database.GetDbConnection().Database }.ConnectionString;
            (_taskId, _sql, Fired) = (taskId, sql, false);
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (_sql is { } sql && command.CommandText.Contains("UPDATE \"Tasks\" SET", StringComparison.Ordinal))
            {
                _sql = null;
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var other = new NpgsqlCommand(sql, connection);
                other.Parameters.AddWithValue("id", _taskId);
                Fired = await other.ExecuteNonQueryAsync(cancellationToken) == 1;
            }

            return result;
        }
    }
}
