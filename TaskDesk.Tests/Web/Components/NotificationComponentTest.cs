using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Web.Components;

/// <summary>
/// The notification components over a real database, signed in as Bella. The feed is a fresh
/// <see cref="NotificationFeed"/> of the test's own (not the app's, which the app's relay also feeds), so a live
/// update can only come from the test's own publish.
/// </summary>
public abstract class NotificationComponentTest : MudComponentTest
{
    private readonly Dictionary<long, int> _taskIds = [];
    private readonly SwitchableDatabase _database = new();

    protected TaskDeskApp App { get; } = new();

    protected NotificationFeed Feed { get; } = new(NullLogger<NotificationFeed>.Instance);

    protected int UserId { get; private set; }

    /// <summary>While true, the components' service cannot reach the database.</summary>
    protected bool DatabaseAway
    {
        get => _database.Away;
        set => _database.Away = value;
    }

    public override async Task InitializeAsync()
    {
        UserId = await App.CreateUserAsync("bella@tests.local");
        Ctx.Services.AddSingleton(Feed);
        _database.Inner = App.Service<IDbContextFactory<TaskDeskDbContext>>();
        Ctx.Services.AddSingleton(new NotificationService(_database, Feed, TimeProvider.System));
        Ctx.Services.AddSingleton(TimeProvider.System);
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized("bella@tests.local");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId.ToString(CultureInfo.InvariantCulture)));
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        App.Dispose();
    }

    /// <summary>Finds and clicks in one go on the renderer's thread, so a re-render (a load coming back) cannot slip in between.</summary>
    protected static Task ClickAsync<T>(IRenderedComponent<T> where, string selector)
        where T : IComponent => where.InvokeAsync(() => where.Find(selector).ClickAsync(new MouseEventArgs()));

    protected int TaskIdOf(long notificationId) => _taskIds[notificationId];

    protected async Task<int> UnreadInDatabaseAsync()
    {
        await using var db = App.CreateDbContext();
        return await db.Notifications.CountAsync(n => n.UserId == UserId && n.ReadAt == null);
    }

    /// <summary>Adds notifications for Bella, oldest first, each about a task of its own; returns their ids.</summary>
    protected async Task<List<long>> AddAsync(int count, bool read = false)
    {
        await using var db = App.CreateDbContext();
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var taskId = 1000 + _taskIds.Count;
            var row = new Notification(UserId, TaskEventKind.Transfer, taskId, null, $"TD-BELL-{taskId}", "Task Transferred To You", $"TD-BELL-{taskId} · Printer: step Triage was transferred to you.", DateTimeOffset.UtcNow);
            if (read)
            {
                row.MarkRead(DateTimeOffset.UtcNow);
            }

            db.Notifications.Add(row);
            await db.SaveChangesAsync();
            _taskIds[row.Id] = taskId;
            ids.Add(row.Id);
        }

        return ids;
    }
}
