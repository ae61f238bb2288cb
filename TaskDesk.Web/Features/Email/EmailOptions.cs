namespace TaskDesk.Web.Features.Email;

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (MailKit's default).</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>
/// The email settings of the <c>TaskDesk</c> section: <c>PublicUrl</c>, <c>Smtp</c> and <c>Email</c>. Without an SMTP
/// host, messages are written as .eml files into <see cref="DeliveryOptions.PickupFolder"/>, so a fresh clone needs no mail server.
/// </summary>
public sealed class EmailOptions
{
    /// <summary>The address people reach TaskDesk at; links in messages start with it.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";

    public SmtpOptions Smtp { get; set; } = new();

    public DeliveryOptions Email { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 25;

        public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

        public string? User { get; set; }

        public string? Password { get; set; }

        public string From { get; set; } = "taskdesk@localhost";

        public string FromName { get; set; } = "TaskDesk";

        public int TimeoutSeconds { get; set; } = 60;
    }

    public sealed class DeliveryOptions
    {
        /// <summary>Where messages go when no SMTP host is set; a relative path is taken from the folder of appsettings.json.</summary>
        public string PickupFolder { get; set; } = "data/mail";

        /// <summary>Attempts before an email is marked failed and listed for administrators.</summary>
        public int MaxAttempts { get; set; } = 6;

        /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="MaxBackoffSeconds"/>.</summary>
        public int BackoffSeconds { get; set; } = 30;

        public int MaxBackoffSeconds { get; set; } = 3600;

        /// <summary>How long a sender holds a row; longer than one SMTP conversation, so no sweep queues it while it is sent.</summary>
        public int ClaimSeconds { get; set; } = 300;

        /// <summary>When the sweep queues due rows that have no job (e.g. after a crash with the in-memory job storage).</summary>
        public string SweepCron { get; set; } = "* * * * *";
    }

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public string TaskLink(int taskId) => $"{PublicUrl.TrimEnd('/')}/tasks/{taskId}";

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1, or null when that many failures are final.</summary>
    public TimeSpan? BackoffAfter(int failedAttempts) =>
        Infrastructure.Backoff.After(failedAttempts, Email.MaxAttempts, Email.BackoffSeconds, Email.MaxBackoffSeconds);
}
