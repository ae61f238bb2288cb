using Hangfire;
using Microsoft.Extensions.Options;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.EndLogicRuns;

public static class EndLogicSetup
{
    /// <summary>The runs, the runner, the HTTP client for asset and budget (with the configured timeout) and their jobs.</summary>
    public static IServiceCollection AddTaskDeskEndLogic(this IServiceCollection services)
    {
        // No redirects: following one turns the POST into a GET whose success says nothing about the handoff.
        services.AddHttpClient(EndLogicHandoff.ClientName, (provider, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(Math.Max(1, provider.GetRequiredService<IOptions<TaskDeskOptions>>().Value.EndLogic.TimeoutSeconds));
                client.DefaultRequestHeaders.UserAgent.ParseAdd("TaskDesk");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<EndLogicService>();
        services.AddSingleton<EndLogicHandoff>();
        services.AddSingleton<EndLogicRunner>();
        services.AddTransient<RunEndLogicJob>();
        services.AddTransient<EndLogicSweepJob>();
        return services;
    }

    /// <summary>The sweep, on its cron and once now, so end logic left by a previous run is carried out at start-up.</summary>
    public static IServiceProvider ScheduleEndLogicJobs(this IServiceProvider services)
    {
        var cron = services.GetRequiredService<IOptions<TaskDeskOptions>>().Value.EndLogic.SweepCron;
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<EndLogicSweepJob>(EndLogicSweepJob.Id, job => job.RunAsync(CancellationToken.None), cron);
        recurring.Trigger(EndLogicSweepJob.Id);
        return services;
    }
}
