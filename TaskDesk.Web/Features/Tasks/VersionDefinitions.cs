using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>Parsed version definitions. A version never changes once written, so a parsed copy can be kept for good.</summary>
public sealed class VersionDefinitions
{
    private readonly ConcurrentDictionary<int, WorkflowDefinition> _parsed = new();

    public async Task<WorkflowDefinition> GetAsync(TaskDeskDbContext db, int versionId, CancellationToken ct = default)
    {
        if (_parsed.TryGetValue(versionId, out var cached))
        {
            return cached;
        }

        var json = await db.WorkflowVersions.Where(v => v.Id == versionId).Select(v => v.Definition).SingleAsync(ct);
        return _parsed.GetOrAdd(versionId, WorkflowDefinition.Parse(json));
    }
}
