namespace TaskDesk.Domain.Workflows;

/// <summary>End logic as the seeds write it: <c>''</c>, <c>asset</c>, <c>budget</c>, <c>notification</c>.</summary>
public static class EndLogicCodes
{
    public static string ToCode(EndLogic endLogic) => endLogic == EndLogic.None ? "" : endLogic.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out EndLogic endLogic)
    {
        endLogic = EndLogic.None;
        var text = code?.Trim() ?? "";
        if (text.Length == 0 || text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Exact names only: Enum.TryParse would also take numbers and comma lists ("asset,budget").
        foreach (var candidate in Enum.GetValues<EndLogic>())
        {
            if (candidate != EndLogic.None && text.Equals(candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                endLogic = candidate;
                return true;
            }
        }

        return false;
    }
}
