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
