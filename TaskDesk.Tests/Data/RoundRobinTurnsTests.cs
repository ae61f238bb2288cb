using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Data;

/// <summary>A role's turns, taken by the one statement of <see cref="RoundRobinTurns"/>, on every database the run uses.</summary>
public sealed class RoundRobinTurnsTests : ApiTest
{
    private const int AgentRole = 1;

    [Fact]
    public async Task Turns_FollowOneAnother_ARolledBackTurnIsGivenAgain_AndARoleWithoutRotationHasNone()
    {
        await using var db = App.CreateDbContext();
        var counter = await db.RoundRobinCursors.Where(c => c.RoleId == AgentRole).Select(c => c.Counter).SingleAsync();

        Assert.Equal(counter, await RoundRobinTurns.TakeAsync(db, AgentRole));
        Assert.Equal(counter + 1, await RoundRobinTurns.TakeAsync(db, AgentRole));
        await using (var rolledBack = await db.Database.BeginTransactionAsync())
        {
            Assert.Equal(counter + 2, await RoundRobinTurns.TakeAsync(db, AgentRole));
        }

        Assert.Equal(counter + 2, await RoundRobinTurns.TakeAsync(db, AgentRole));
        Assert.Equal(counter + 3, await db.RoundRobinCursors.Where(c => c.RoleId == AgentRole).Select(c => c.Counter).SingleAsync());
        Assert.Null(await RoundRobinTurns.TakeAsync(db, roleId: 9_999));
    }
}
