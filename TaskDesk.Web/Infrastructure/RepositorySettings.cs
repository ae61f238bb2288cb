using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace TaskDesk.Web.Infrastructure;

/// <summary>
/// TaskDesk has one configuration file a user edits: appsettings.json at the repository root (beside TaskDesk.sln).
/// A published app has no repository around it and reads the copy next to its binaries instead.
/// </summary>
public static class RepositorySettings
{
    public const string FileName = "appsettings.json";

    /// <summary>The folder holding the appsettings.json TaskDesk reads; relative paths in it are taken from here.</summary>
    public static string LocateFolder(string contentRoot)
    {
        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TaskDesk.sln")) && File.Exists(Path.Combine(folder.FullName, FileName)))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    /// <summary>Puts the repository's appsettings.json where the content root's would have been, so environment variables and the command line still override it.</summary>
    public static string UseRepositorySettings(this ConfigurationManager configuration, IWebHostEnvironment environment)
    {
        var folder = LocateFolder(environment.ContentRootPath);
        var sources = configuration.Sources;
        var replaced = false;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && IsAppSettings(path, environment.EnvironmentName))
            {
                sources[i] = new JsonConfigurationSource
                {
                    FileProvider = new PhysicalFileProvider(folder),
                    Path = path,
                    Optional = json.Optional,
                    ReloadOnChange = json.ReloadOnChange,
                };
                replaced = true;
            }
        }

        if (!replaced)
        {
            sources.Insert(0, new JsonConfigurationSource { FileProvider = new PhysicalFileProvider(folder), Path = FileName, Optional = true, ReloadOnChange = true });
        }

        return folder;
    }

    private static bool IsAppSettings(string path, string environmentName) =>
        path.Equals(FileName, StringComparison.OrdinalIgnoreCase)
        || path.Equals($"appsettings.{environmentName}.json", StringComparison.OrdinalIgnoreCase);
}
