using System.Net;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.EndLogicRuns;

/// <summary>A receiver that answers a failure and then stalls in the middle of its body, with a one-second timeout.</summary>
public sealed class EndLogicStalledReceiverTests : EndLogicTest
{
    [Fact]
    public async Task AReceiverStalledMidAnswer_CountsAsAFailedAttemptOnceTheTimeoutPasses()
    {
        Receiver.Answer = HttpStatusCode.ServiceUnavailable;
        Receiver.FailureBody = "busy";
        Receiver.StallFailureBody = true;
        await InitializeWorkflowAsync("asset", "Assets");

        var taskId = await CompleteTicketAsync("TX-ASSET-STALL", "Assets");

        var failed = await WaitForEndLogicAsync(taskId, t => t.EndLogicAttempts == 1);
        Assert.True(failed.EndLogicPending);
        Assert.Null(failed.EndLogicClaimedUntil);
        Assert.Contains("did not answer within 1 s", failed.EndLogicError, StringComparison.Ordinal);
        Assert.Single(Receiver.Requests());
    }

    protected override void ConfigureApp(TaskDeskApp app) => app.WithSetting("TaskDesk:EndLogic:TimeoutSeconds", "1");
}
