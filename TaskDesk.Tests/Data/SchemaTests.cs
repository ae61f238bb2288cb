using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Workflows;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Data;

public sealed class SchemaTests : ApiTest
{
    [Fact]
    public async Task Model_HasNoChangesThatAMigrationDoesNotCover()
    {
        await using var db = App.CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run the migrations script.");
    }

    [Fact]
    public async Task WorkflowVersion_OnceWritten_CannotBeChangedOrDeleted()
    {
        var id = await CreateSeedWorkflowAsync();
        await MoveAsync(id, "deploy", "initialize");

        await using (var db = App.CreateDbContext())
        {
            var version = await db.WorkflowVersions.SingleAsync();
            db.Entry(version).Property(v => v.Definition).CurrentValue = "{}";
            var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("immutable", changed.Message, StringComparison.Ordinal);
        }

        await using (var db = App.CreateDbContext())
        {
            db.WorkflowVersions.Remove(await db.WorkflowVersions.SingleAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var db = App.CreateDbContext())
        {
            var version = await db.WorkflowVersions.SingleAsync();
            Assert.Equal(1, version.Number);
            Assert.Equal(3, WorkflowDefinition.Parse(version.Definition).Nodes.Count);
        }
    }

    [Fact]
    public async Task ActiveMatchKey_IsUniqueInTheDatabaseItself()
    {
        var first = await CreateSeedWorkflowAsync();
        var second = await CreateSeedWorkflowAsync("Second");
        await MoveAsync(first, "deploy", "initialize");
        await MoveAsync(second, "deploy");

        await using var db = App.CreateDbContext();
        var key = await db.Workflows.Where(w => w.Id == first).Select(w => w.ActiveMatchKey).SingleAsync();
        var updated = db.Workflows.Where(w => w.Id == second).ExecuteUpdateAsync(s => s.SetProperty(w => w.ActiveMatchKey, key));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => updated);
    }
}
