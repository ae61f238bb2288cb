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

    /// <summary>Several versions' definitions, the ones not parsed yet read in one query (a scan may meet hundreds).</summary>
    public async Task<IReadOnlyDictionary<int, WorkflowDefinition>> GetManyAsync(TaskDeskDbContext db, IEnumerable<int> versionIds, CancellationToken ct = default)
    {
        var ids = versionIds.Distinct().ToList();
        var missing = ids.Where(id => !_parsed.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var versions = await db.WorkflowVersions.Where(v => EF.Parameter(missing).Contains(v.Id)).Select(v => new { v.Id, v.Definition }).ToListAsync(ct);
            foreach (var version in versions)
            {
                _parsed.TryAdd(version.Id, WorkflowDefinition.Parse(version.Definition));
            }
        }

        return ids.ToDictionary(id => id, id => _parsed.TryGetValue(id, out var parsed) ? parsed : throw new InvalidOperationException($"Workflow version {id} does not exist."));
    }
}
