using TaskDesk.Data;

namespace TaskDesk.Web.Infrastructure;

/// <summary>The <c>TaskDesk</c> section of appsettings.json.</summary>
public sealed class TaskDeskOptions
{
    public const string Section = "TaskDesk";

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Creates demo roles, users and the seed's "IT Support Request" workflow on start-up.</summary>
    public bool SeedDemoData { get; set; }

    public BootstrapOptions Bootstrap { get; set; } = new();

    public SlaOptions Sla { get; set; } = new();

    public NotificationOptions Notifications { get; set; } = new();

    public EndLogicOptions EndLogic { get; set; } = new();

    /// <summary>How a completed task's end logic runs: where <c>asset</c> and <c>budget</c> are posted, and its retries.</summary>
    public sealed class EndLogicOptions
    {
        /// <summary>Where a completed ticket whose workflow ends in <c>asset</c> is posted (the asset management system).</summary>
        public string AssetUrl { get; set; } = "";

        /// <summary>Where a completed ticket whose workflow ends in <c>budget</c> is posted (the budget management system).</summary>
        public string BudgetUrl { get; set; } = "";

        /// <summary>Attempts before the end logic is marked failed and listed for administrators.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="MaxBackoffSeconds"/>.</summary>
        public int BackoffSeconds { get; set; } = 30;

        public int MaxBackoffSeconds { get; set; } = 3600;

        /// <summary>How long one POST may take before it counts as a failed attempt.</summary>
        public int TimeoutSeconds { get; set; } = 30;

        /// <summary>How long a runner holds a task's end logic; longer than one attempt, so no sweep queues it meanwhile.</summary>
        public int ClaimSeconds { get; set; } = 300;

        /// <summary>When the sweep queues due end logic that has no job (e.g. after a crash with the in-memory job storage).</summary>
        public string SweepCron { get; set; } = "* * * * *";

        public TimeSpan? BackoffAfter(int failedAttempts) => Backoff.After(failedAttempts, MaxAttempts, BackoffSeconds, MaxBackoffSeconds);
    }

    public sealed class NotificationOptions
    {
        /// <summary>How often each process looks for notifications written since its last look, to show them live.</summary>
        public TimeSpan RelayInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    }

    public sealed class SlaOptions
    {
        /// <summary>The share of an assignment's window after which it raises an SLA warning.</summary>
        public double WarningAt { get; set; } = 0.75;

        /// <summary>How often the SLA scan runs (Hangfire cron; six fields means seconds).</summary>
        public string ScanCron { get; set; } = "* * * * *";
    }

    public sealed class DatabaseOptions
    {
        public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

        /// <summary>For SQLite, a relative file path is taken from the folder appsettings.json is in.</summary>
        public string ConnectionString { get; set; } = "Data Source=data/taskdesk.db";
    }

    /// <summary>The first administrator of a real deployment, created when no administrator exists yet.</summary>
    public sealed class BootstrapOptions
    {
        public string? AdminEmail { get; set; }

        public string? AdminPassword { get; set; }
    }
}
