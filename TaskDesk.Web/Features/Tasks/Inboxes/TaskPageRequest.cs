namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>What a list grid asks for: the page (from 1), its size, and the sort code and direction (null: the default).</summary>
public sealed record TaskPageRequest(int Page, int PageSize, string? Sort, string? Direction);
