using Microsoft.EntityFrameworkCore;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>Actors for calling feature services directly, as a page or endpoint would for a signed-in person.</summary>
public static class TestActors
{
    /// <summary>The app's bootstrap administrator (<see cref="TaskDeskApp.AdminEmail"/>).</summary>
    public static async Task<Actor> AdministratorAsync(this TaskDeskApp app)
    {
        await using var db = app.CreateDbContext();
        return new Actor(await db.Users.Where(u => u.Email == TaskDeskApp.AdminEmail).Select(u => u.Id).SingleAsync(), IsAdministrator: true);
    }
}
