using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Users;

namespace TaskDesk.Web.Features.Setup;

/// <summary>
/// Demo roles, users and the seed's "IT Support Request" workflow, initialized. Each part is created only when
/// missing, so starting again (or two processes starting at once) leaves one of each.
/// </summary>
public sealed class DemoData(IDbContextFactory<TaskDeskDbContext> contexts, UserManager<AppUser> users, TimeProvider clock)
{
    /// <summary>For the demo only: every demo account has it.</summary>
    public const string Password = "Demo-pass-1";

    public const string WorkflowName = "IT Support Request";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@taskdesk.local", "Ada Admin", null, IsAdministrator: true),
        new("ava.agent@taskdesk.local", "Ava Agent", "Agent", false),
        new("arlo.agent@taskdesk.local", "Arlo Agent", "Agent", false),
        new("tina.tech@taskdesk.local", "Tina Technician", "IT Technician", false),
        new("theo.tech@taskdesk.local", "Theo Technician", "IT Technician", false),
        new("mia.manager@taskdesk.local", "Mia Manager", "Manager", false),
        new("max.manager@taskdesk.local", "Max Manager", "Manager", false),
        new("cora.coordinator@taskdesk.local", "Cora Coordinator", Role.TicketCoordinator, false),
        new("cole.coordinator@taskdesk.local", "Cole Coordinator", Role.TicketCoordinator, false),
    ];

    public static readonly IReadOnlyList<string> RoleNames = ["Agent", "IT Technician", "Manager", Role.TicketCoordinator];

    public static string AccountList()
    {
        var text = new StringBuilder();
        foreach (var account in Accounts)
        {
            text.AppendLine($"  {account.Email,-34} {account.Role ?? "Administrator"}");
        }

        return text.ToString();
    }

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);

        var roles = await db.WorkflowRoles.Include(r => r.Members).ToDictionaryAsync(r => r.Name, ct);
        foreach (var name in RoleNames.Where(n => !roles.ContainsKey(n)))
        {
            roles[name] = db.WorkflowRoles.Add(new Role(name, $"Demo role: {name}", now)).Entity;
            db.RoundRobinCursors.Add(new RoundRobinCursor(roles[name]));
        }

        await db.SaveChangesAsync(ct);

        foreach (var account in Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email)
                ?? await UserService.CreateUserAsync(users, new NewUser(account.Email, account.DisplayName, Password, account.IsAdministrator), now);
            if (account.Role is { } roleName && roles[roleName].Members.All(m => m.UserId != user.Id))
            {
                roles[roleName].AddMember(user.Id, now);
            }
        }

        await db.SaveChangesAsync(ct);

        if (!await db.Workflows.AnyAsync(w => w.Name == WorkflowName, ct))
        {
            var adminId = (await users.FindByEmailAsync(Accounts[0].Email))!.Id;
            var roleNames = roles.Values.ToDictionary(r => r.Id, r => r.Name);
            var workflow = ItSupportRequest(roles, adminId, now);
            db.Workflows.Add(workflow);
            workflow.Deploy(roleNames, now);
            await db.SaveChangesAsync(ct);
            workflow.Initialize(roleNames, adminId, now);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The seed's example: Triage → Resolution → Verification, with its SLAs and weights; Resolution escalates to Manager.</summary>
    private static Workflow ItSupportRequest(IReadOnlyDictionary<string, Role> roles, int createdBy, DateTimeOffset now)
    {
        var details = new WorkflowDetails(
            WorkflowName, "Standard IT support workflow", "IT", "Technology", "Support Request",
            LowSla: TimeSpan.FromHours(72), MediumSla: TimeSpan.FromHours(48), HighSla: TimeSpan.FromHours(24), UrgentSla: TimeSpan.FromHours(4),
            EndLogic.Notification);
        var workflow = new Workflow(details, createdBy, now);
        var roleNames = roles.Values.ToDictionary(r => r.Id, r => r.Name);
        workflow.ReplaceGraph(
            [
                new StepDraft("triage", null, "Triage", "Read the request and route it.", "Check the requester's details and the category, then assign.", roles["Agent"].Id, null, 0.2m, 1, IsStart: true, IsEnd: false, new StepDesign(100, 100)),
                new StepDraft("resolution", null, "Resolution", "Fix the problem.", "Resolve the issue; escalate to a manager if it cannot be fixed in time.", roles["IT Technician"].Id, roles["Manager"].Id, 0.6m, 2, false, false, new StepDesign(300, 100)),
                new StepDraft("verification", null, "Verification", "Confirm the fix with the requester.", "Contact the requester and confirm the issue is resolved.", roles["Agent"].Id, null, 0.2m, 3, false, IsEnd: true, new StepDesign(500, 100)),
            ],
            [
                new TransitionDraft("assign", null, "triage", "resolution", "Assign", null),
                new TransitionDraft("complete", null, "resolution", "verification", "Complete", null),
            ],
            roleNames,
            requireComplete: true,
            now);
        return workflow;
    }
}

public sealed record DemoAccount(string Email, string DisplayName, string? Role, bool IsAdministrator);
