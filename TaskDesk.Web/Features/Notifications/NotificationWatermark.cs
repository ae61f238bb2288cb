namespace TaskDesk.Web.Features.Notifications;

/// <summary>
/// Which notification ids the relay has handed on. Ids are given out at insert, but transactions commit in their own
/// order on PostgreSQL and SQL Server: id 11 can be visible while id 10 is still uncommitted. Reading only "above the
/// highest id seen" would lose id 10 for good, so the ids skipped over are kept as gaps and read again until they show
/// up or outlive <c>gapLifetime</c> (a rolled-back insert leaves a gap for ever; a sequence cache can jump a thousand).
/// Not thread-safe: one relay loop owns it.
/// </summary>
public sealed class NotificationWatermark(long lastSeen, TimeSpan gapLifetime, int maxGaps = 1000)
{
    private readonly List<Gap> _gaps = [];

    /// <summary>The highest id handed on; every lower id is handed on too, or in a gap, or given up.</summary>
    public long LastSeen { get; private set; } = lastSeen;

    /// <summary>How many id ranges are still awaited.</summary>
    public int GapCount => _gaps.Count;

    /// <summary>
    /// The ids to read again besides those above <see cref="LastSeen"/>: one range spanning every open gap, after
    /// dropping gaps older than the lifetime. One range keeps the query's shape fixed. With no gap it is empty (From
    /// &gt; To) and starts just above <see cref="LastSeen"/>, so a read from From on reads only the new rows: an empty
    /// range at the start of the table made every round read the whole table.
    /// </summary>
    public (long From, long To) Recheck(TimeSpan now)
    {
        _gaps.RemoveAll(g => now - g.Since > gapLifetime);
        return _gaps.Count == 0 ? (LastSeen + 1, LastSeen) : (_gaps.Min(g => g.From), _gaps.Max(g => g.To));
    }

    /// <summary>
    /// Takes rows read in id order and returns those not handed on before: new ones above <see cref="LastSeen"/> and
    /// late ones that fill a gap. Ids skipped over become gaps, stamped with <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<(int UserId, long Id)> Take(IEnumerable<(int UserId, long Id)> rows, TimeSpan now)
    {
        var fresh = new List<(int UserId, long Id)>();
        foreach (var row in rows.OrderBy(r => r.Id))
        {
            if (row.Id > LastSeen)
            {
                if (row.Id > LastSeen + 1)
                {
                    AddGap(new Gap(LastSeen + 1, row.Id - 1, now));
                }

                LastSeen = row.Id;
                fresh.Add(row);
            }
            else if (Fill(row.Id))
            {
                fresh.Add(row);
            }
        }

        return fresh;
    }

    private void AddGap(Gap gap)
    {
        _gaps.Add(gap);
        if (_gaps.Count > maxGaps)
        {
            // Oldest first: the one least likely still to commit.
            _gaps.RemoveAt(0);
        }
    }

    private bool Fill(long id)
    {
        var index = _gaps.FindIndex(g => g.From <= id && id <= g.To);
        if (index < 0)
        {
            return false;
        }

        var gap = _gaps[index];
        _gaps.RemoveAt(index);
        if (gap.From < id)
        {
            _gaps.Insert(index, gap with { To = id - 1 });
            index++;
        }

        if (id < gap.To)
        {
            _gaps.Insert(index, gap with { From = id + 1 });
        }

        return true;
    }

    private sealed record Gap(long From, long To, TimeSpan Since);
}
