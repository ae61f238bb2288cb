using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Domain;

public class SlaDurationTests
{
    [Theory]
    [InlineData("72:00:00", 72, 0, 0)]
    [InlineData("04:00:00", 4, 0, 0)]
    [InlineData("4:00:00", 4, 0, 0)]
    [InlineData("00:30:00", 0, 30, 0)]
    [InlineData("1:02:03", 1, 2, 3)]
    [InlineData("240:00:00", 240, 0, 0)]
    [InlineData("  72:00:00 ", 72, 0, 0)]
    [InlineData("3 04:00:00", 76, 0, 0)]
    [InlineData("3.04:00:00", 76, 0, 0)]
    [InlineData("1 00:00:00", 24, 0, 0)]
    [InlineData("00:59:59", 0, 59, 59)]
    public void TryParse_SeedForms_AreRead(string text, int hours, int minutes, int seconds)
    {
        Assert.True(SlaDuration.TryParse(text, out var value));
        Assert.Equal(new TimeSpan(hours, minutes, seconds), value);
    }

    [Fact]
    public void TryParse_FractionOfASecond_IsKept()
    {
        Assert.True(SlaDuration.TryParse("00:00:01.5", out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("72")]
    [InlineData("72h")]
    [InlineData("72:00")]
    [InlineData("72:60:00")]
    [InlineData("72:00:60")]
    [InlineData("72:100:00")]
    [InlineData("-04:00:00")]
    [InlineData("1:2:3:4")]
    [InlineData("3d 04:00:00")]
    [InlineData("3,04:00:00")]
    [InlineData("04:00:00 later")]
    [InlineData("P3D")]
    [InlineData("100 999999:00:00")]
    [InlineData("1000000:00:00")]
    public void TryParse_Garbage_IsRefused(string? text)
    {
        Assert.False(SlaDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Fact]
    public void TheLongestSla_ReadsBackWhatItWrites()
    {
        Assert.True(SlaDuration.TryParse("9999 23:00:00", out var nearlyLongest));
        Assert.True(SlaDuration.TryParse(SlaDuration.Format(nearlyLongest), out _));
        Assert.True(SlaDuration.TryParse("999999:00:00", out var longest));

        Assert.Equal(TimeSpan.FromHours(SlaDuration.MaxHours), longest);
        Assert.True(SlaDuration.TryParse(SlaDuration.Format(longest), out var again));
        Assert.Equal(longest, again);
    }

    [Theory]
    [InlineData(72 * 60, "72:00:00")]
    [InlineData(4 * 60, "04:00:00")]
    [InlineData(30, "00:30:00")]
    [InlineData(0, "00:00:00")]
    [InlineData(76 * 60, "76:00:00")]
    [InlineData(1000 * 60, "1000:00:00")]
    [InlineData(-60, "-01:00:00")]
    public void Format_WritesTotalHours(int minutes, string expected)
    {
        Assert.Equal(expected, SlaDuration.Format(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void Format_FractionOfASecond_IsWrittenWithoutTrailingZeros()
    {
        Assert.Equal("00:00:01.5", SlaDuration.Format(TimeSpan.FromMilliseconds(1500)));
    }

    [Theory]
    [InlineData("72:00:00")]
    [InlineData("04:00:00")]
    [InlineData("12:34:56")]
    [InlineData("500:00:00.25")]
    public void FormatThenTryParse_GivesTheSameDuration(string text)
    {
        Assert.True(SlaDuration.TryParse(text, out var value));

        Assert.Equal(text, SlaDuration.Format(value));
        Assert.True(SlaDuration.TryParse(SlaDuration.Format(value), out var again));
        Assert.Equal(value, again);
    }

    [Fact]
    public void Format_VeryLongDurationWithFraction_DoesNotRoundTheHoursUp()
    {
        var value = TimeSpan.FromHours(300_000) - TimeSpan.FromTicks(1);

        Assert.Equal("299999:59:59.9999999", SlaDuration.Format(value));
    }
}
