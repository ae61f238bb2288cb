namespace TaskDesk.Tests.Infrastructure;

/// <summary>Waits for a condition with a generous deadline (never for a fixed time): the machine running the tests is shared and noisy.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {seconds} s for {what}.");
            await Task.Delay(25);
        }
    }
}
