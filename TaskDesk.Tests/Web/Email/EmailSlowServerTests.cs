using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Notifications;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Email;

/// <summary>An SMTP server that takes the connection and never says a word (a tarpit), with a two-second claim.</summary>
public sealed class EmailSlowServerTests : RuntimeTest, IDisposable
{
    private readonly TcpListener _tarpit = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];

    public EmailSlowServerTests()
    {
        _tarpit.Start();
        _ = HoldConnectionsAsync();
        App.WithSetting("TaskDesk:Smtp:Host", "127.0.0.1")
            .WithSetting("TaskDesk:Smtp:Port", ((IPEndPoint)_tarpit.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture))
            .WithSetting("TaskDesk:Smtp:Security", "None")
            .WithSetting("TaskDesk:Email:ClaimSeconds", "2")
            .WithSetting("TaskDesk:Email:BackoffSeconds", "3600")
            .WithSetting("TaskDesk:Email:SweepCron", "0 0 1 1 *");
    }

    [Fact]
    public async Task AServerTooSlowToAnswer_EndsTheAttemptWithinTheClaim_SoNoSecondSenderTakesTheEmail()
    {
        await TaskIdOfAsync(TicketBody("TX-MAIL-SLOW"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        OutboxEmail? email;
        do
        {
            await Task.Delay(100);
            await using var db = App.CreateDbContext();
            email = await db.OutboxEmails.AsNoTracking().SingleOrDefaultAsync();
        }
        while (email is not { Attempts: > 0 } && DateTime.UtcNow < deadline);

        Assert.True(email is { Attempts: 1, Status: OutboxEmailStatus.Pending }, $"{email?.Attempts} attempts, {email?.Status}: {App.Log.Text}");
        Assert.Contains("did not finish within 1.8 s", email!.LastError, StringComparison.Ordinal);
        Assert.Null(email.ClaimedUntil);
    }

    public void Dispose()
    {
        _tarpit.Stop();
        lock (_held)
        {
            _held.ForEach(client => client.Dispose());
        }

        GC.SuppressFinalize(this);
    }

    private async Task HoldConnectionsAsync()
    {
        try
        {
            while (true)
            {
                var client = await _tarpit.AcceptTcpClientAsync();
                lock (_held)
                {
                    _held.Add(client);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener stopped with the test.
        }
    }
}
