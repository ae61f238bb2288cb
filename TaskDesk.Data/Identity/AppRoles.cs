namespace TaskDesk.Data.Identity;

/// <summary>Identity roles: who may administer TaskDesk. Workflow roles (Agent, Manager, …) are TaskDesk's own <see cref="Domain.Roles.Role"/>.</summary>
public static class AppRoles
{
    public const string Administrator = "Administrator";
}
