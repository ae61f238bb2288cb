using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Web.Notifications;

public sealed class NotificationWatermarkTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    [Fact]
    public void NewRows_AreHandedOnOnce_AndRaiseTheMark()
    {
        var mark = new NotificationWatermark(10, Lifetime);

        var first = mark.Take([(1, 11), (2, 12)], TimeSpan.Zero);
        var again = mark.Take([(1, 11), (2, 12)], TimeSpan.Zero);

        Assert.Equal([(1, 11L), (2, 12L)], first);
        Assert.Empty(again);
        Assert.Equal(12, mark.LastSeen);
        Assert.Equal(0, mark.GapCount);

        // Nothing to read again: the next read starts just above the mark.
        Assert.Equal((13, 12), mark.Recheck(TimeSpan.Zero));
    }

    [Fact]
    public void ARowCommittedAfterAHigherOne_FillsItsGap_AndIsHandedOnOnce()
    {
        var mark = new NotificationWatermark(10, Lifetime);
        mark.Take([(1, 11), (1, 14)], TimeSpan.Zero);

        Assert.Equal((12, 13), mark.Recheck(TimeSpan.FromSeconds(1)));
        var late = mark.Take([(1, 11), (2, 13), (1, 14)], TimeSpan.FromSeconds(1));
        var lateAgain = mark.Take([(2, 13)], TimeSpan.FromSeconds(2));

        Assert.Equal([(2, 13L)], late);
        Assert.Empty(lateAgain);
        Assert.Equal((12, 12), mark.Recheck(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void AGapNeverFilled_IsGivenUpAfterItsLifetime()
    {
        var mark = new NotificationWatermark(0, Lifetime);
        mark.Take([(1, 5)], TimeSpan.FromSeconds(10));

        Assert.Equal((1, 4), mark.Recheck(TimeSpan.FromSeconds(40)));
        var (from, to) = mark.Recheck(TimeSpan.FromSeconds(41));

        Assert.True(from > to, $"still awaiting {from}..{to}");
        Assert.Equal(5, from - 1); // the relay reads from just above the highest id seen, not from the start
        Assert.Empty(mark.Take([(1, 3)], TimeSpan.FromSeconds(42)));
    }

    [Fact]
    public void FillingTheMiddleOfAGap_KeepsBothEndsAwaited()
    {
        var mark = new NotificationWatermark(0, Lifetime);
        mark.Take([(1, 10)], TimeSpan.Zero);

        Assert.Equal([(1, 5L)], mark.Take([(1, 5)], TimeSpan.Zero));

        Assert.Equal(2, mark.GapCount);
        Assert.Equal([(1, 4L), (1, 6L)], mark.Take([(1, 4), (1, 5), (1, 6)], TimeSpan.Zero));
        Assert.Equal((1, 9), mark.Recheck(TimeSpan.Zero));
    }

    [Fact]
    public void TooManyGaps_DropTheOldest()
    {
        var mark = new NotificationWatermark(0, Lifetime, maxGaps: 2);

        mark.Take([(1, 2), (1, 4), (1, 6)], TimeSpan.Zero);

        Assert.Equal(2, mark.GapCount);
        Assert.Equal((3, 5), mark.Recheck(TimeSpan.Zero));
        Assert.Empty(mark.Take([(1, 1)], TimeSpan.Zero));
    }
}
