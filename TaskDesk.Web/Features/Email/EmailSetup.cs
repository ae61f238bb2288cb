using Hangfire;
using Microsoft.Extensions.Options;

namespace TaskDesk.Web.Features.Email;

public static class EmailSetup
{
    /// <summary>Email options (a relative pickup folder is taken from <paramref name="settingsFolder"/>), the outbox, the sender and their jobs.</summary>
    public static IServiceCollection AddTaskDeskEmail(this IServiceCollection services, IConfiguration configuration, string settingsFolder)
    {
        services.Configure<EmailOptions>(configuration.GetSection(Infrastructure.TaskDeskOptions.Section));
        services.PostConfigure<EmailOptions>(options =>
            options.Email.PickupFolder = Path.GetFullPath(Path.Combine(settingsFolder, options.Email.PickupFolder)));
        services.AddSingleton<EmailSendQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<EmailSendQueue>());
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<OutboxEmailSender>();
        services.AddSingleton<EmailPreferences>();
        services.AddTransient<SendOutboxEmailJob>();
        services.AddTransient<EmailSweepJob>();
        return services;
    }

    /// <summary>The sweep, on its cron and once now, so rows left by a previous run are sent at start-up.</summary>
    public static IServiceProvider ScheduleEmailJobs(this IServiceProvider services)
    {
        var cron = services.GetRequiredService<IOptions<EmailOptions>>().Value.Email.SweepCron;
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<EmailSweepJob>(EmailSweepJob.Id, job => job.RunAsync(CancellationToken.None), cron);
        recurring.Trigger(EmailSweepJob.Id);
        return services;
    }
}
