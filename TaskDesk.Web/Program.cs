using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Hangfire;
using MudBlazor.Services;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Data.Sqlite;
using TaskDesk.Web.Components;
using TaskDesk.Web.Features.Account;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.EndLogicRuns;
using TaskDesk.Web.Features.Notifications;
using TaskDesk.Web.Features.ApiKeys;
using TaskDesk.Web.Features.Roles;
using TaskDesk.Web.Features.Setup;
using TaskDesk.Web.Features.Sla;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Features.Tasks.Shared;
using TaskDesk.Web.Features.Tickets;
using TaskDesk.Web.Features.Users;
using TaskDesk.Web.Features.Workflows;
using TaskDesk.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
var settingsFolder = builder.Configuration.UseRepositorySettings(builder.Environment);

var taskDesk = builder.Configuration.GetSection(TaskDeskOptions.Section).Get<TaskDeskOptions>() ?? new TaskDeskOptions();
builder.Services.Configure<TaskDeskOptions>(builder.Configuration.GetSection(TaskDeskOptions.Section));

var connectionString = taskDesk.Database.ConnectionString;
if (taskDesk.Database.Provider == DatabaseProvider.Sqlite)
{
    connectionString = StartupDatabase.ResolveSqliteConnectionString(connectionString, settingsFolder);
    SqliteTaskDeskDbContext.EnsureFolderExists(connectionString);
}

builder.Services.AddTaskDeskData(taskDesk.Database.Provider, connectionString);
builder.Services.AddSingleton(TimeProvider.System);

// Keys in the database: a cookie or antiforgery token issued by one TaskDesk process is read by every other.
builder.Services.AddDataProtection()
    .SetApplicationName("TaskDesk")
    .PersistKeysToDbContext<TaskDeskDbContext>();

builder.Services.AddIdentityApiEndpoints<AppUser>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.Lockout.MaxFailedAccessAttempts = 10;
    })
    .AddRoles<IdentityRole<int>>()
    .AddEntityFrameworkStores<TaskDeskDbContext>();
builder.Services.AddApiKeyAuthentication();
builder.Services.Configure<AuthenticationOptions>(authentication =>
{
    // Identity's API scheme reads a bearer token or the cookie; a refusal goes through the cookie handler,
    // which sends people to the sign-in page and answers API calls with 401/403 (see ApiAwareRedirect).
    authentication.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
    authentication.DefaultForbidScheme = IdentityConstants.ApplicationScheme;
});
builder.Services.ConfigureApplicationCookie(cookie =>
{
    cookie.LoginPath = "/sign-in";
    cookie.AccessDeniedPath = "/access-denied";
    cookie.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
    cookie.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
});
builder.Services.AddTaskDeskAuthorization();
builder.Services.AddOwnedTicketsAccess();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddSignInRevalidation();

builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    json.SerializerOptions.DictionaryKeyPolicy = null;
    json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    json.SerializerOptions.AddSeedCodes();
    json.SerializerOptions.Converters.Add(new StoredTextJsonConverter());
});

// A body the API cannot read throws, so that UseUnreadableRequestProblems can name the field that was wrong.
builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

// Jobs in memory with SQLite (tickets stored but not yet processed are queued again at start-up), in the database otherwise.
builder.Services.AddTaskDeskJobStorage(taskDesk.Database.Provider, connectionString);

// Likewise the job activator: Hangfire's default is the process-wide JobActivator.Current, which the app configured last
// overwrites, so one app's jobs ran in another app's container (or a disposed one).
builder.Services.AddSingleton<JobActivator>(services => new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
builder.Services.AddHangfire((services, hangfire) => hangfire
    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
    .UseSimpleAssemblyNameTypeSerializer()
    .UseRecommendedSerializerSettings()
    .UseLogProvider(new HangfireLogging(services.GetRequiredService<ILoggerFactory>())));
builder.Services.AddHangfireServer(server =>
{
    server.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);

    // Retries are scheduled jobs; look for due ones every second instead of Hangfire's default 15.
    server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
});

builder.Services.AddSingleton<WorkflowService>();
builder.Services.AddSingleton<VersionDefinitions>();
builder.Services.AddSingleton<TicketService>();
builder.Services.AddSingleton<TaskService>();
builder.Services.AddSingleton<TaskQueryService>();
builder.Services.AddSingleton<TaskDetails>();
builder.Services.AddSingleton<TransferCandidates>();
builder.Services.AddScoped<SlaTicker>();
builder.Services.AddSingleton<NotificationFeed>();
builder.Services.AddHostedService<NotificationRelay>();
builder.Services.AddSingleton<NotificationService>();
builder.Services.AddTransient<TicketIntakeJob>();
builder.Services.AddTransient<TicketIntakeSweepJob>();
builder.Services.AddSingleton<SlaScanService>();
builder.Services.AddTransient<SlaScanJob>();
builder.Services.AddSingleton<RoleService>();
builder.Services.AddSingleton<UserService>();
builder.Services.AddSingleton<ApiKeyService>();
builder.Services.AddScoped<DemoData>();
builder.Services.AddTaskDeskEmail(builder.Configuration, settingsFolder);
builder.Services.AddTaskDeskEndLogic();

var app = builder.Build();

await StartupDatabase.PrepareAsync(app.Services);
await TicketIntakeSweepJob.ScheduleAsync(app.Services);
app.Services.ScheduleEmailJobs();
app.Services.ScheduleEndLogicJobs();
app.Services.GetRequiredService<IRecurringJobManager>()
    .AddOrUpdate<SlaScanJob>("sla-scan", job => job.RunAsync(CancellationToken.None), taskDesk.Sla.ScanCron);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

// People get the not-found page; API clients get problem details for bare status codes (401, 403, 404, 405).
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages().UseCrossSiteApiRefusal().UseUnreadableRequestProblems());
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hangfire"), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

// Routing after the status-code pages, so a re-executed request (/not-found) is matched to its page again; routed first
// (WebApplication's default) the re-execution found no endpoint and a 404 went out with an empty body.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdministratorDashboardAuthorization()], DisplayStorageConnectionString = false }, app.Services.GetRequiredService<JobStorage>());
app.MapOpenApi();
app.UseSwaggerUI(ui =>
{
    ui.SwaggerEndpoint("/openapi/v1.json", "TaskDesk API");
    ui.DocumentTitle = "TaskDesk API";
});

var api = app.MapGroup("/api").AddEndpointFilter<ApiProblemFilter>();
api.MapGroup("/auth").WithTags("Authentication").WithoutSelfService().MapIdentityApi<AppUser>();
api.MapWorkflowEndpoints();
api.MapTicketEndpoints();
api.MapTaskEndpoints();
api.MapTaskQueryEndpoints();
api.MapRoleEndpoints();
api.MapUserEndpoints();
api.MapApiKeyEndpoints();
api.MapEmailEndpoints();
api.MapEndLogicEndpoints();
api.MapNotificationEndpoints();
app.MapAccountEndpoints();

app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

// API clients get status codes, people get the sign-in page.
static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int apiStatus)
{
    if (context.Request.Path.StartsWithSegments("/api"))
    {
        context.Response.StatusCode = apiStatus;
    }
    else
    {
        context.Response.Redirect(context.RedirectUri);
    }

    return Task.CompletedTask;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
