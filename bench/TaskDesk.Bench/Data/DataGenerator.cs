using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Tasks;

namespace TaskDesk.Bench.Data;

/// <summary>
/// Makes a dataset straight into an empty database: the app's migrations create the tables, then users, roles and
/// their members, initialized workflows with their versions, and tickets with tasks in every state — moved through
/// the domain's own methods (create, start, transition, transfer, escalate, hold, cancel), so their assignments,
/// history, activities and notifications are what the app would have written — stored with plain prepared inserts in
/// large transactions. The same seed gives the same rows; instants are taken relative to <c>now</c>.
/// </summary>
public sealed class DataGenerator(BenchDatabase server, DataConnection data, Progress progress)
{
    private const int TasksPerTransaction = 5_000;
    private const int BlockSize = 25_000;

    /// <summary>
    /// The warm-up rounds (<see cref="DataSpec.WarmUpTasks"/>), earliest first: a scan with its clock this far back sees
    /// that round's tasks and no later ones; each round's tasks were assigned ten days before it, and nothing else falls
    /// due within a month of now.
    /// </summary>
    public static readonly TimeSpan[] WarmUpRounds = [TimeSpan.FromDays(60), TimeSpan.FromDays(30)];
    private const double WarningAt = 0.75;

    private static readonly string[] WorkRoles =
    [
        "Agent", "IT Technician", "Network Engineer", "HR Partner", "Finance Clerk", "Facilities Technician", "Security Analyst",
        "Service Desk Lead", "Manager",
    ];

    private static readonly string[] EscalationRoles = ["Service Desk Lead", "Manager"];

    private static readonly (string Department, string[] Categories)[] Departments =
    [
        ("IT", ["Technology", "Network", "Accounts", "Hardware"]),
        ("HR", ["Onboarding", "Payroll", "Leave"]),
        ("Finance", ["Invoices", "Expenses", "Budget"]),
        ("Facilities", ["Building", "Parking", "Furniture"]),
        ("Security", ["Access", "Incidents"]),
        ("Procurement", ["Purchases", "Suppliers"]),
        ("Legal", ["Contracts"]),
        ("Operations", ["Logistics", "Travel"]),
    ];

    private static readonly string[] SubCategories = ["", "Standard", "Priority", "Request", "Incident", "Change"];

    private static readonly Action<WorkTask, DateTimeOffset?> SetTaskWarnAt = Members.Setter<WorkTask, DateTimeOffset?>(nameof(WorkTask.WarnAt));
    private static readonly Action<WorkTask, DateTimeOffset?> SetTaskWarnedAt = Members.Setter<WorkTask, DateTimeOffset?>(nameof(WorkTask.WarnedAt));
    private static readonly Action<WorkTask, DateTimeOffset?> SetTaskBreachedAt = Members.Setter<WorkTask, DateTimeOffset?>(nameof(WorkTask.BreachedAt));
    private static readonly Action<TaskItem, DateTimeOffset?> SetItemWarnAt = Members.Setter<TaskItem, DateTimeOffset?>(nameof(TaskItem.WarnAt));
    private static readonly Action<TaskItem, DateTimeOffset?> SetItemWarnedAt = Members.Setter<TaskItem, DateTimeOffset?>(nameof(TaskItem.WarnedAt));
    private static readonly Action<Role, int> SetRoleId = Members.Setter<Role, int>(nameof(Role.Id));
    private static readonly Action<RoleMember, int> SetMemberRoleId = Members.Setter<RoleMember, int>(nameof(RoleMember.RoleId));

    /// <summary>A seed per dataset, stable across processes (string hashes are not).</summary>
    public static int SeedFor(int seed, string dataset)
    {
        var hash = 2166136261u;
        foreach (var c in dataset)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash ^ (uint)seed) & int.MaxValue;
    }

    public async Task<GeneratedWorld> GenerateAsync(DataSpec spec, int seed, DateTimeOffset now, CancellationToken ct = default)
    {
        var random = new Random(SeedFor(seed, spec.Name));
        var words = new Words(random);
        await using (var db = await data.Contexts.CreateDbContextAsync(ct))
        {
            await db.Database.MigrateAsync(ct);
        }

        var people = await WritePeopleAsync(spec, random, words, now, ct);
        var workflows = await WriteWorkflowsAsync(spec, random, people, now, ct);

        // Past a block, the same block is copied with shifted ids: a million tasks through the domain and one insert
        // per row would take longer than the whole bench may.
        var copies = (spec.Tasks + BlockSize - 1) / BlockSize;
        var block = (spec.Tasks + copies - 1) / copies;
        var tasks = new TaskWriter(spec, random, words, people, workflows, now);
        for (var first = 0; first < block; first += TasksPerTransaction)
        {
            await WriteBatchAsync(tasks, first, Math.Min(TasksPerTransaction, block - first), ct);
        }

        for (var copy = 1; copy < copies; copy++)
        {
            await CopyBlockAsync(tasks.LastIds, copy, ct);
            if (copy % 5 == 4)
            {
                progress.Say($"  {spec.Name}: {(copy + 1) * block:N0} of {copies * block:N0} tasks written");
            }
        }

        foreach (var roleId in people.Turns.Keys.ToList())
        {
            people.Turns[roleId] *= copies;
        }

        await FinishAsync(people, tasks.Unmatched(block * copies), ct);
        return new GeneratedWorld(spec.Name, people.Administrators, people.Coordinators, people.Workers, workflows, block * copies);
    }

    private async Task<People> WritePeopleAsync(DataSpec spec, Random random, Words words, DateTimeOffset now, CancellationToken ct)
    {
        var people = new People();
        var since = now.AddDays(-400);
        var users = new List<AppUser>();
        var passwordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), GeneratedWorld.Password);
        var total = People.AdministratorCount + spec.Users;
        for (var id = 1; id <= total; id++)
        {
            var email = GeneratedWorld.EmailOf(id);
            users.Add(new AppUser
            {
                Id = id,
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = passwordHash,
                SecurityStamp = RandomToken(random),
                ConcurrencyStamp = RandomToken(random),
                LockoutEnabled = true,
                DisplayName = words.Name(),
                CreatedAt = since,
            });
        }

        var roles = new List<Role>();
        var coordinatorRole = NewRole(roles, Role.TicketCoordinator, since);
        var workRoles = WorkRoles.Select(name => NewRole(roles, name, since)).ToList();
        // Coordinators are one in 25; leads and managers (the escalation roles, told of every breach) one in a hundred each.
        var coordinators = Math.Max(2, spec.Users / 25);
        var escalators = Math.Max(2, spec.Users / 100);
        var escalationRoles = workRoles.Where(r => EscalationRoles.Contains(r.Name)).ToList();
        var doers = workRoles.Except(escalationRoles).ToList();
        for (var id = People.AdministratorCount + 1; id <= total; id++)
        {
            var index = id - People.AdministratorCount - 1;
            if (index < coordinators)
            {
                coordinatorRole.AddMember(id, since);
                continue;
            }

            if (index < coordinators + (escalators * escalationRoles.Count))
            {
                escalationRoles[(index - coordinators) / escalators].AddMember(id, since);
                continue;
            }

            // Every role has members; a fifth of the people work in a second role as well.
            var role = doers[index % doers.Count];
            role.AddMember(id, since);
            if (random.NextDouble() < 0.2)
            {
                var second = doers[random.Next(doers.Count)];
                if (second != role)
                {
                    second.AddMember(id, since);
                }
            }
        }

        // A few people are out of the rotation (on leave); every role keeps at least two active members.
        foreach (var role in roles)
        {
            foreach (var member in role.Members.Skip(2).Where(_ => random.NextDouble() < 0.03).ToList())
            {
                role.SetMemberActive(member.UserId, false);
            }
        }

        await using var db = await data.Contexts.CreateDbContextAsync(ct);
        var connection = await OpenAsync(db, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        using (var userRows = Rows<AppUser>.Inserter(db, connection, transaction))
        {
            users.ForEach(userRows.Write);
        }

        var administrator = new IdentityRole<int>(AppRoles.Administrator) { Id = 1, NormalizedName = AppRoles.Administrator.ToUpperInvariant(), ConcurrencyStamp = RandomToken(random) };
        using (var roleRows = Rows<IdentityRole<int>>.Inserter(db, connection, transaction))
        {
            roleRows.Write(administrator);
        }

        using (var userRoleRows = Rows<IdentityUserRole<int>>.Inserter(db, connection, transaction))
        {
            for (var id = 1; id <= People.AdministratorCount; id++)
            {
                userRoleRows.Write(new IdentityUserRole<int> { UserId = id, RoleId = administrator.Id });
            }
        }

        using (var roleRows = Rows<Role>.Inserter(db, connection, transaction))
        using (var memberRows = Rows<RoleMember>.Inserter(db, connection, transaction))
        {
            foreach (var role in roles)
            {
                roleRows.Write(role);
                foreach (var member in role.Members)
                {
                    SetMemberRoleId(member, role.Id);
                    memberRows.Write(member);
                }
            }
        }

        await transaction.CommitAsync(ct);

        people.Administrators.AddRange(Enumerable.Range(1, People.AdministratorCount));
        people.Coordinators.AddRange(coordinatorRole.Members.Select(m => m.UserId));
        people.Workers.AddRange(workRoles.SelectMany(r => r.Members).Select(m => m.UserId).Distinct().Order());
        people.CoordinatorRoleId = coordinatorRole.Id;
        foreach (var role in roles)
        {
            people.RoleNames[role.Id] = role.Name;
            people.ActiveMembers[role.Id] = role.Members.Where(m => m.IsActive).Select(m => m.UserId).Order().ToList();
            people.AllMembers[role.Id] = role.Members.Select(m => m.UserId).Order().ToList();
            people.Turns[role.Id] = 0;
        }

        people.RoleIdsByName = roles.ToDictionary(r => r.Name, r => r.Id);
        return people;
    }

    private static Role NewRole(List<Role> roles, string name, DateTimeOffset since)
    {
        var role = new Role(name, $"Bench role: {name}", since);
        SetRoleId(role, roles.Count + 1);
        roles.Add(role);
        return role;
    }

    /// <summary>Workflows go through the domain and EF Core as the app saves them (deploy, then initialize, which writes version 1).</summary>
    private async Task<List<GeneratedWorkflow>> WriteWorkflowsAsync(DataSpec spec, Random random, People people, DateTimeOffset now, CancellationToken ct)
    {
        var combinations = Departments
            .SelectMany(d => d.Categories.Select(c => (d.Department, Category: c)))
            .SelectMany(dc => SubCategories.Select(s => (dc.Department, dc.Category, SubCategory: s)))
            .OrderBy(c => SubCategories.ToList().IndexOf(c.SubCategory))
            .Take(spec.Workflows)
            .ToList();
        if (combinations.Count < spec.Workflows)
        {
            throw new InvalidOperationException($"The generator knows {combinations.Count} department/category/sub-category combinations; {spec.Workflows} workflows were asked for.");
        }

        var since = now.AddDays(-300);
        var admin = people.Administrators[0];
        await using var db = await data.Contexts.CreateDbContextAsync(ct);
        var workflows = new List<Workflow>();
        for (var i = 0; i < combinations.Count; i++)
        {
            var (department, category, subCategory) = combinations[i];
            var scale = new[] { 0.5, 1.0, 2.0 }[random.Next(3)];
            var details = new WorkflowDetails(
                $"{department} {category} {subCategory}".Trim() + $" #{i + 1}", $"Generated workflow {i + 1} for the bench.", department, category, subCategory,
                LowSla: TimeSpan.FromHours(72 * scale), MediumSla: TimeSpan.FromHours(48 * scale), HighSla: TimeSpan.FromHours(24 * scale), UrgentSla: TimeSpan.FromHours(4 * scale),
                random.NextDouble() < 0.5 ? EndLogic.Notification : EndLogic.None,
                EscalateOnBreach: random.NextDouble() < spec.EscalateOnBreachShare);
            var workflow = new Workflow(details, admin, since);
            var (steps, transitions) = Graph(random, people);
            workflow.ReplaceGraph(steps, transitions, people.RoleNames, requireComplete: true, since);
            db.Workflows.Add(workflow);
            workflow.Deploy(people.RoleNames, since);
            workflows.Add(workflow);
        }

        await db.SaveChangesAsync(ct);
        foreach (var workflow in workflows)
        {
            workflow.Initialize(people.RoleNames, admin, since);
        }

        await db.SaveChangesAsync(ct);
        return workflows.Select(w => new GeneratedWorkflow(
            w.Id, w.ActiveVersionId!.Value, w.Department, w.Category, w.SubCategory, WorkflowDefinition.Parse(w.ActiveVersion!.Definition))).ToList();
    }

    /// <summary>A chain of three to five steps, each owned by a work role, some escalating to a lead or manager; longer ones can send work back.</summary>
    private static (List<StepDraft> Steps, List<TransitionDraft> Transitions) Graph(Random random, People people)
    {
        var count = random.Next(3, 6);
        var workRoleIds = WorkRoles.Where(r => !EscalationRoles.Contains(r)).Select(r => people.RoleIdsByName[r]).ToList();
        var weights = Enumerable.Range(0, count).Select(_ => 1 + random.Next(4)).ToList();
        var total = weights.Sum();
        var shares = weights.Select(w => Math.Round((decimal)w / total, 2)).ToList();
        shares[^1] += 1m - shares.Sum();

        var steps = new List<StepDraft>();
        for (var i = 0; i < count; i++)
        {
            int? escalateTo = random.NextDouble() < 0.4 ? people.RoleIdsByName[EscalationRoles[random.Next(EscalationRoles.Length)]] : null;
            steps.Add(new StepDraft(
                $"s{i}", null, $"Step {i + 1}", $"Work of step {i + 1}.", "Follow the team's checklist.", workRoleIds[random.Next(workRoleIds.Count)], escalateTo,
                shares[i], i + 1, IsStart: i == 0, IsEnd: i == count - 1, new StepDesign(100 + (200 * i), 100)));
        }

        string[] names = ["Accept", "Resolve", "Approve", "Verify", "Close"];
        var transitions = Enumerable.Range(0, count - 1)
            .Select(i => new TransitionDraft($"t{i}", null, $"s{i}", $"s{i + 1}", names[i], null))
            .ToList();
        if (count >= 4)
        {
            transitions.Add(new TransitionDraft("back", null, "s1", "s0", "Send back", null));
        }

        return (steps, transitions);
    }

    private async Task WriteBatchAsync(TaskWriter tasks, int first, int count, CancellationToken ct)
    {
        await using var db = await data.Contexts.CreateDbContextAsync(ct);
        var connection = await OpenAsync(db, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        using (var rows = new TaskRowWriters(db, connection, transaction))
        {
            for (var i = first; i < first + count; i++)
            {
                tasks.Write(i, rows);
            }
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// One more copy of the first block of tasks, made by the database (INSERT … SELECT): ids move past the block's,
    /// references follow the rows they point to, ticket numbers get the copy's number. Instants stay, so each copy has
    /// the same share of due assignments.
    /// </summary>
    private async Task CopyBlockAsync(IReadOnlyDictionary<Type, long> lastIds, int copy, CancellationToken ct)
    {
        (Type Entity, string Property, Type Principal)[] references =
        [
            (typeof(WorkTask), nameof(WorkTask.TicketId), typeof(Ticket)),
            (typeof(TaskActivity), nameof(TaskActivity.TaskId), typeof(WorkTask)),
            (typeof(TaskItem), nameof(TaskItem.TaskId), typeof(WorkTask)),
            (typeof(TaskItemHistoryEntry), nameof(TaskItemHistoryEntry.TaskItemId), typeof(TaskItem)),
            (typeof(Notification), nameof(Notification.TaskId), typeof(WorkTask)),
            (typeof(Notification), nameof(Notification.TaskItemId), typeof(TaskItem)),
            (typeof(OutboxEmail), nameof(OutboxEmail.TaskId), typeof(WorkTask)),
            (typeof(OutboxEmail), nameof(OutboxEmail.TaskItemId), typeof(TaskItem)),
        ];
        string[] ticketNumbers = [nameof(Ticket.TicketNumber)];

        await using var db = await data.Contexts.CreateDbContextAsync(ct);
        var connection = await OpenAsync(db, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (entity, last) in lastIds.Where(l => l.Value > 0))
        {
            var (table, written) = RowColumns.Of(db.Model.FindEntityType(entity)!);
            var columns = written.Select(c => (c.Property, Column: $"\"{c.Name}\"")).ToList();
            var values = columns.Select(c =>
                c.Property.IsPrimaryKey() ? $"{c.Column} + {last * copy}"
                : references.FirstOrDefault(r => r.Entity == entity && r.Property == c.Property.Name) is { Principal: { } principal } ? $"{c.Column} + {lastIds[principal] * copy}"
                : ticketNumbers.Contains(c.Property.Name) ? $"{c.Column} || '-{copy + 1}'"
                : c.Column);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => c.Column))}) SELECT {string.Join(", ", values)} FROM \"{table}\" WHERE \"Id\" <= {last}";
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private async Task FinishAsync(People people, IEnumerable<Ticket> unmatched, CancellationToken ct)
    {
        await using var db = await data.Contexts.CreateDbContextAsync(ct);
        var connection = await OpenAsync(db, ct);
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            using (var ticketRows = Rows<Ticket>.Inserter(db, connection, transaction))
            {
                foreach (var ticket in unmatched)
                {
                    ticketRows.Write(ticket);
                }
            }

            // Each role's rotation continues where the generated work left it.
            using (var cursorRows = Rows<RoundRobinCursor>.Inserter(db, connection, transaction))
            {
                foreach (var (roleId, turns) in people.Turns)
                {
                    cursorRows.Write(new RoundRobinCursor(roleId, turns));
                }
            }

            await transaction.CommitAsync(ct);
        }

        string[] withGivenIds = ["AspNetUsers", "AspNetRoles", "Roles", "Tickets", "Tasks", "TaskItems", "TaskItemHistory", "TaskActivities", "Notifications", "OutboxEmails"];
        await server.FinishBulkLoadAsync(connection, withGivenIds, ct);
    }

    private async Task<DbConnection> OpenAsync(TaskDeskDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await server.PrepareBulkLoadAsync(connection, ct);
        return connection;
    }

    private static string RandomToken(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return Convert.ToHexString(bytes);
    }

    /// <summary>Who is in which role, and each role's rotation, kept the way <see cref="RoundRobin"/> keeps it.</summary>
    private sealed class People
    {
        public const int AdministratorCount = 3;

        public List<int> Administrators { get; } = [];

        public List<int> Coordinators { get; } = [];

        public List<int> Workers { get; } = [];

        public int CoordinatorRoleId { get; set; }

        public Dictionary<int, string> RoleNames { get; } = [];

        public Dictionary<string, int> RoleIdsByName { get; set; } = [];

        public Dictionary<int, List<int>> ActiveMembers { get; } = [];

        public Dictionary<int, List<int>> AllMembers { get; } = [];

        public Dictionary<int, long> Turns { get; } = [];

        /// <summary>The role's next active member, as the app's round-robin hands turns out; null for a role with nobody active.</summary>
        public int? Next(int roleId)
        {
            var members = ActiveMembers[roleId];
            if (members.Count == 0)
            {
                return null;
            }

            var turn = Turns[roleId]++;
            return members[(int)(turn % members.Count)];
        }
    }

    /// <summary>Builds each task's life through the domain, gives its rows their ids, and writes them.</summary>
    private sealed class TaskWriter(DataSpec spec, Random random, Words words, People people, IReadOnlyList<GeneratedWorkflow> workflows, DateTimeOffset now)
    {
        private readonly List<Notification> _notifications = [];
        private readonly List<OutboxEmail> _emails = [];
        private readonly RowIds _ids = new();
        private string _ticketNumber = "";

        public void Write(int index, TaskRowWriters rows)
        {
            var workflow = workflows[random.Next(workflows.Count)];
            var status = spec.Mix.Pick(random);
            var task = status is WorkTaskStatus.Completed or WorkTaskStatus.Cancelled
                ? Closed(index, workflow, status, out var ticket)
                : Open(index, workflow, status, out ticket);

            rows.WriteNew(ticket, task, _notifications, _emails);
            _notifications.Clear();
            _emails.Clear();
        }

        /// <summary>The highest id given so far in each table a task writes (ids start at 1 and leave no gaps).</summary>
        public IReadOnlyDictionary<Type, long> LastIds => _ids.Last;

        /// <summary>Tickets no initialized workflow takes, numbered after the matched ones.</summary>
        public IEnumerable<Ticket> Unmatched(int matched)
        {
            var count = (int)(matched * spec.UnmatchedShare);
            var ids = new RowIds(new Dictionary<Type, long> { [typeof(Ticket)] = matched });
            for (var i = 0; i < count; i++)
            {
                var received = now - TimeSpan.FromHours(random.Next(1, 24 * 30));
                var ticket = new Ticket(words.Ticket($"GEN-U{i + 1:D7}", "Unknown", "Other", "", received), received);
                ids.Give(ticket);
                ticket.MarkUnmatched();
                yield return ticket;
            }
        }

        /// <summary>
        /// A pending, in-progress or on-hold task. Its current assignment was made <c>x</c> ago, chosen against that
        /// step's SLA window so that the dataset's share of assignments is due (warning or breach) right now; earlier
        /// steps are laid out before it.
        /// </summary>
        private WorkTask Open(int index, GeneratedWorkflow workflow, WorkTaskStatus status, out Ticket ticket)
        {
            var path = workflow.MainPath;
            var current = status == WorkTaskStatus.Pending ? 0 : random.Next(0, path.Count - 1);
            var content = words.Ticket($"GEN{index + 1:D8}", workflow.Department, workflow.Category, workflow.SubCategory, now);
            var sla = workflow.Definition.Sla(content.Priority.ToSla()) ?? TimeSpan.FromDays(2);
            var window = sla * (double)path[current].Weight;
            var roll = random.NextDouble();
            var warmUpEvery = spec.WarmUpTasks > 0 ? Math.Max(1, spec.Tasks / spec.WarmUpTasks) : 0;
            var warmUpNumber = warmUpEvery > 0 && index % warmUpEvery == 0 ? index / warmUpEvery : spec.WarmUpTasks;
            var warmUp = warmUpNumber < spec.WarmUpTasks;
            var age = warmUp ? WarmUpRounds[warmUpNumber % WarmUpRounds.Length] + TimeSpan.FromDays(10) + (window * Between(1.5, 2.0))
                : roll < spec.DueShare / 2 ? window * Between(0.76, 0.99)
                : roll < spec.DueShare ? window * Between(1.02, 3.0)
                : window * Between(0.0, 0.7);
            var assignedAt = new DateTimeOffset[current + 1];
            assignedAt[current] = now - age;
            for (var step = current - 1; step >= 0; step--)
            {
                assignedAt[step] = assignedAt[step + 1] - (sla * (double)path[step].Weight * Between(0.2, 0.9));
            }

            var task = Create(workflow, content with { SubmittedAt = assignedAt[0].AddMinutes(-2) }, assignedAt[0], out ticket, unassigned: random.NextDouble() < spec.UnassignedShare);
            for (var step = 0; step < current; step++)
            {
                var worker = Assignee(task) ?? people.Administrators[0];
                Flush(task, assignedAt[step] + ((assignedAt[step + 1] - assignedAt[step]) * 0.1), t => task.Start(worker, t));
                var next = people.Next(path[step + 1].RoleId);
                Flush(task, assignedAt[step + 1], t => task.Transition(workflow.Definition, workflow.Forward(path[step].StepId).TransitionId, words.Note(), worker, next, t));
            }

            var acting = Assignee(task) ?? task.CoordinatorUserId ?? people.Administrators[0];
            if (status != WorkTaskStatus.Pending && task.Status == WorkTaskStatus.Pending)
            {
                Flush(task, now - (age * 0.8), t => task.Start(acting, t));
            }

            if (!warmUp)
            {
                HandOn(task, workflow, age);
            }

            if (status == WorkTaskStatus.OnHold)
            {
                Flush(task, now - (age * 0.5), t => task.Hold("Waiting for the requester's answer.", acting, t));
            }

            if (!warmUp)
            {
                WatchSla(task);
            }

            return task;
        }

        /// <summary>Now and then an assignment is transferred to a colleague or escalated, as coordinators do.</summary>
        private void HandOn(WorkTask task, GeneratedWorkflow workflow, TimeSpan age)
        {
            var item = task.ActiveItems.FirstOrDefault(i => i.UserId is not null);
            if (item is null || task.Status == WorkTaskStatus.OnHold)
            {
                return;
            }

            var by = task.CoordinatorUserId ?? people.Administrators[0];
            var roll = random.NextDouble();
            if (roll < 0.03)
            {
                var colleagues = people.ActiveMembers[item.RoleId].Where(u => u != item.UserId).ToList();
                if (colleagues.Count > 0)
                {
                    var to = colleagues[random.Next(colleagues.Count)];
                    Flush(task, now - (age * 0.7), t => task.Transfer(item.Id, to, "Better placed with a colleague.", by, t));
                }
            }
            else if (roll < 0.05 && workflow.Definition.Node(item.AssignedOnStepId).EscalateTo is { } escalateTo)
            {
                var to = people.Next(escalateTo);
                Flush(task, now - (age * 0.6), t => task.Escalate(workflow.Definition, item.Id, "Needs a decision from above.", by, to, t));
            }
        }

        /// <summary>
        /// What the SLA scan a minute ago would have left: every open assignment and task has its warning time; those
        /// past it were warned, tasks past their own target were marked breached. Only the assignments made due on
        /// purpose are left for the next scan.
        /// </summary>
        private void WatchSla(WorkTask task)
        {
            foreach (var item in task.ActiveItems)
            {
                if (item.TargetResolution is { } target)
                {
                    var warnAt = item.AssignedOn + ((target - item.AssignedOn) * WarningAt);
                    SetItemWarnAt(item, warnAt);
                    if (target <= now)
                    {
                        SetItemWarnedAt(item, Earlier(warnAt.AddMinutes(1)));
                    }
                }
            }

            if (task.TargetResolution is { } due)
            {
                var warnAt = task.CreatedAt + ((due - task.CreatedAt) * WarningAt);
                SetTaskWarnAt(task, warnAt);
                if (warnAt <= now)
                {
                    SetTaskWarnedAt(task, Earlier(warnAt.AddMinutes(1)));
                }

                if (due <= now)
                {
                    SetTaskBreachedAt(task, Earlier(due.AddMinutes(1)));
                }
            }
        }

        private WorkTask Closed(int index, GeneratedWorkflow workflow, WorkTaskStatus status, out Ticket ticket)
        {
            var content = words.Ticket($"GEN{index + 1:D8}", workflow.Department, workflow.Category, workflow.SubCategory, now);
            var sla = workflow.Definition.Sla(content.Priority.ToSla()) ?? TimeSpan.FromDays(2);
            var created = now - (sla * 1.5) - TimeSpan.FromHours(random.Next(1, 24 * 90));
            var task = Create(workflow, content with { SubmittedAt = created.AddMinutes(-2) }, created, out ticket, unassigned: false);
            var at = created;
            if (status == WorkTaskStatus.Cancelled)
            {
                Flush(task, at.AddMinutes(30), t => task.Cancel("The requester withdrew the ticket.", task.CoordinatorUserId ?? people.Administrators[0], t));
                return task;
            }

            var path = workflow.MainPath;
            for (var step = 0; step < path.Count - 1; step++)
            {
                var worker = Assignee(task) ?? people.Administrators[0];
                Flush(task, at.AddMinutes(5), t => task.Start(worker, t));
                at += sla * (double)path[step].Weight * Between(0.2, 1.0);
                var next = path[step + 1].IsEnd ? null : people.Next(path[step + 1].RoleId);
                Flush(task, at, t => task.Transition(workflow.Definition, workflow.Forward(path[step].StepId).TransitionId, words.Note(), worker, next, t));
            }

            return task;
        }

        private WorkTask Create(GeneratedWorkflow workflow, TicketContent content, DateTimeOffset at, out Ticket ticket, bool unassigned)
        {
            ticket = new Ticket(content, at.AddMinutes(-1));
            _ids.Give(ticket);
            _ticketNumber = ticket.TicketNumber;
            ticket.MarkMatched();
            var coordinator = people.Next(people.CoordinatorRoleId);
            var first = unassigned ? null : people.Next(workflow.Definition.StartNode.RoleId);
            var task = WorkTask.Create(ticket, workflow.Id, workflow.VersionId, workflow.Definition, coordinator, first, at);
            Flush(task, at, _ => { });
            return task;
        }

        private static int? Assignee(WorkTask task) => task.ActiveItems.FirstOrDefault(i => i.AssignedOnStepId == task.CurrentStepId && i.UserId is not null)?.UserId;

        /// <summary>Applies one domain action at an instant, then gives new rows their ids and turns the task's events into notifications and (sent) emails.</summary>
        private void Flush(WorkTask task, DateTimeOffset at, Action<DateTimeOffset> act)
        {
            act(at);
            _ids.Give(task);

            if (spec.WithNotifications)
            {
                foreach (var taskEvent in task.Events)
                {
                    var message = $"{_ticketNumber}: {taskEvent.Kind} on step {taskEvent.Item?.StepName ?? task.CurrentStepName}.";
                    var notification = new Notification(taskEvent.RecipientUserId, taskEvent.Kind, task.Id, taskEvent.Item?.Id, _ticketNumber, taskEvent.Kind.ToString(), message, at);
                    _ids.Give(notification);
                    if (at.AddHours(1) < now && random.NextDouble() < 0.7)
                    {
                        notification.MarkRead(at.AddHours(1));
                    }

                    _notifications.Add(notification);
                    if (TaskNotifier.SendsEmail(taskEvent.Kind))
                    {
                        var email = new OutboxEmail(taskEvent.Kind, taskEvent.RecipientUserId, GeneratedWorld.EmailOf(taskEvent.RecipientUserId), task.Id, taskEvent.Item?.Id, _ticketNumber, taskEvent.Note, at);
                        _ids.Give(email);
                        email.MarkSent(Earlier(at.AddSeconds(10)));
                        _emails.Add(email);
                    }
                }
            }

            task.ClearEvents();
        }

        private DateTimeOffset Earlier(DateTimeOffset at) => at < now ? at : now.AddSeconds(-1);

        private double Between(double low, double high) => low + (random.NextDouble() * (high - low));
    }
}
