namespace TaskDesk.Web.Features.Tasks.Shared;

/// <summary>What the transfer dialog closes with: the user to hand the assignment(s) to, and the notes for them.</summary>
public sealed record TransferChoice(int UserId, string Notes);
