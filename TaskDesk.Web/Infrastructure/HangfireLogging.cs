using Hangfire.Logging;

namespace TaskDesk.Web.Infrastructure;

/// <summary>
/// Hangfire keeps one process-wide log provider. When two apps share a process (the test suite starts many), the
/// first one stopped disposes the logger factory the others' Hangfire would log through, and Hangfire's workers die
/// on the ObjectDisposedException. This provider logs through ASP.NET Core's logging and, once that is gone, stays quiet.
/// </summary>
public sealed class HangfireLogging(ILoggerFactory loggers) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new AspNetCoreLog(loggers.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new AspNetCoreLog(null);
        }
    }

    private sealed class AspNetCoreLog(Microsoft.Extensions.Logging.ILogger? logger) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (logger is null)
            {
                return false;
            }

            var level = Map(logLevel);
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

            try
            {
                logger.Log(level, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static Microsoft.Extensions.Logging.LogLevel Map(Hangfire.Logging.LogLevel level) => level switch
        {
            Hangfire.Logging.LogLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
            Hangfire.Logging.LogLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
            Hangfire.Logging.LogLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
            Hangfire.Logging.LogLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
            Hangfire.Logging.LogLevel.Error => Microsoft.Extensions.Logging.LogLevel.Error,
            _ => Microsoft.Extensions.Logging.LogLevel.Critical,
        };
    }
}
