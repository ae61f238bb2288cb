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

        return Enum.TryParse(text, ignoreCase: true, out endLogic) && Enum.IsDefined(endLogic) && !int.TryParse(text, out _);
    }
}
