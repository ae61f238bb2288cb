namespace TaskDesk.Web.Infrastructure;

/// <summary>The retry schedule the outbox sender and the end-logic runner share: a first wait that doubles, up to a ceiling.</summary>
public static class Backoff
{
    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1, or null when that many failures are final.</summary>
    public static TimeSpan? After(int failedAttempts, int maxAttempts, int backoffSeconds, int maxBackoffSeconds)
    {
        if (failedAttempts >= Math.Max(1, maxAttempts))
        {
            return null;
        }

        var seconds = backoffSeconds * Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, Math.Max(backoffSeconds, maxBackoffSeconds)));
    }
}
