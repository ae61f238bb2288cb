using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks.Shared;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Components;

public sealed class SlaCountdownTests : MudComponentTest
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly TaskDeskOptions _options = new();

    protected override void AddServices(IServiceCollection services) => services
        .AddSingleton<TimeProvider>(_clock)
        .AddSingleton(Options.Create(_options))
        .AddScoped<SlaTicker>();

    [Fact]
    public void NoTarget_ShowsADash_InTheDefaultColour()
    {
        var chip = Render(target: null, start: Now.AddHours(-1));

        AssertChip(chip, "none", "—", colour: "default");
    }

    [Fact]
    public void EarlyInTheWindow_ShowsTimeLeft_InTheDefaultColour()
    {
        var chip = Render(target: Now.AddHours(3).AddMinutes(20), start: Now.AddHours(-1));

        AssertChip(chip, "ok", "3h 20m left", colour: "default");
    }

    [Fact]
    public void PastTheWarningShare_TurnsAmber()
    {
        // 8 of 10 hours gone: 80 % ≥ the default 75 %.
        var chip = Render(target: Now.AddHours(2), start: Now.AddHours(-8));

        AssertChip(chip, "warning", "2h 0m left", colour: "warning");
    }

    [Fact]
    public void JustBeforeTheWarningShare_StaysDefault()
    {
        // 7 of 10 hours gone: 70 % < 75 %.
        var chip = Render(target: Now.AddHours(3), start: Now.AddHours(-7));

        AssertChip(chip, "ok", "3h 0m left", colour: "default");
    }

    [Fact]
    public void TheWarningShare_ComesFromTheSettings()
    {
        _options.Sla.WarningAt = 0.5;

        var chip = Render(target: Now.AddHours(4), start: Now.AddHours(-6));

        AssertChip(chip, "warning", "4h 0m left", colour: "warning");
    }

    [Fact]
    public void PastTheTarget_TurnsRed_AndSaysHowLongOverdue()
    {
        var chip = Render(target: Now.AddMinutes(-12), start: Now.AddHours(-5));

        AssertChip(chip, "breached", "12m overdue", colour: "error");
    }

    [Fact]
    public void LongSpans_ShowDaysAndHours()
    {
        var chip = Render(target: Now.AddDays(2).AddHours(3).AddMinutes(59), start: Now);

        AssertChip(chip, "ok", "2d 3h left", colour: "default");
    }

    [Fact]
    public void Paused_SaysPaused_EvenPastTheTarget()
    {
        var chip = Ctx.Render<SlaCountdown>(p => p.Add(c => c.Target, Now.AddHours(-1)).Add(c => c.WindowStart, Now.AddHours(-5)).Add(c => c.Paused, true));

        AssertChip(chip, "paused", "paused", colour: "default");
    }

    [Fact]
    public void AsTheClockRuns_ItRedrawsItself_FromOkToWarningToBreached()
    {
        var chip = Render(target: Now.AddHours(1), start: Now.AddHours(-2));
        AssertChip(chip, "ok", "1h 0m left", colour: "default");

        // 2h15m of 3h gone: 75 %.
        _clock.Advance(TimeSpan.FromMinutes(15));
        chip.WaitForAssertion(() => AssertChip(chip, "warning", "45m left", colour: "warning"));

        _clock.Advance(TimeSpan.FromMinutes(46));
        chip.WaitForAssertion(() => AssertChip(chip, "breached", "1m overdue", colour: "error"));
    }

    [Fact]
    public void ATickThatChangesNothingShown_DrawsNothing()
    {
        var chip = Render(target: Now.AddHours(3).AddMinutes(20).AddSeconds(40), start: Now.AddHours(-1));
        Assert.Equal(1, chip.RenderCount);

        // 3h 20m 10s left still reads "3h 20m left": the tick is not drawn.
        _clock.Advance(SlaTicker.Period);
        AssertChip(chip, "ok", "3h 20m left", colour: "default");
        Assert.Equal(1, chip.RenderCount);

        _clock.Advance(SlaTicker.Period);
        chip.WaitForAssertion(() => AssertChip(chip, "ok", "3h 19m left", colour: "default"));
        Assert.Equal(2, chip.RenderCount);
    }

    [Fact]
    public async Task ManyCountdowns_TickFromOneTimer_ThatStopsWhenTheLastIsGone()
    {
        var ticker = Ctx.Services.GetRequiredService<SlaTicker>();
        Assert.False(ticker.IsRunning);
        var near = Render(target: Now.AddMinutes(2), start: Now.AddHours(-1));
        var far = Render(target: Now.AddHours(5), start: Now.AddHours(-1));
        Assert.True(ticker.IsRunning);

        _clock.Advance(TimeSpan.FromMinutes(3));
        near.WaitForAssertion(() => AssertChip(near, "breached", "1m overdue", colour: "error"));
        far.WaitForAssertion(() => AssertChip(far, "ok", "4h 57m left", colour: "default"));

        await Ctx.DisposeComponentsAsync();
        Assert.False(ticker.IsRunning);
    }

    private IRenderedComponent<SlaCountdown> Render(DateTimeOffset? target, DateTimeOffset? start) =>
        Ctx.Render<SlaCountdown>(p => p.Add(c => c.Target, target).Add(c => c.WindowStart, start));

    private static void AssertChip(IRenderedComponent<SlaCountdown> chip, string state, string text, string colour)
    {
        var element = chip.Find("[data-testid=sla-countdown]");
        Assert.Equal(state, element.GetAttribute("data-sla-state"));
        Assert.Equal(text, element.TextContent.Trim());
        var classes = element.ClassList.ToList();
        Assert.Contains($"mud-chip-color-{colour}", classes);
        foreach (var other in new[] { "default", "warning", "error" }.Where(c => c != colour))
        {
            Assert.DoesNotContain($"mud-chip-color-{other}", classes);
        }
    }
}
