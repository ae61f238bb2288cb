using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// A real SMTP server: Debian's aiosmtpd on a free loopback port, storing what it receives as a Maildir. It can be stopped
/// and started again on the same port (each run gets a fresh Maildir, as aiosmtpd wants one that does not exist yet);
/// <see cref="Messages"/> reads every run's. scripts/test.sh installs <c>python3-aiosmtpd</c>.
/// </summary>
public sealed class SmtpServerFixture : IDisposable
{
    // The python3 first on PATH is another install that cannot see Debian's packages.
    private const string Python = "/usr/bin/python3";

    private readonly string _folder = Directory.CreateTempSubdirectory("taskdesk-smtp-").FullName;
    private readonly List<string> _maildirs = [];
    private Process? _server;

    public SmtpServerFixture()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public bool IsRunning => _server is { HasExited: false };

    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var maildir = Path.Combine(_folder, $"maildir-{_maildirs.Count}");
        _maildirs.Add(maildir);
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"{Host}:{Port}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        _server.BeginErrorReadLine();
        _server.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with {_server.ExitCode}; is python3-aiosmtpd installed (scripts/test.sh installs it)?");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Stop()
    {
        if (_server is null)
        {
            return;
        }

        if (!_server.HasExited)
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server.Dispose();
        _server = null;
    }

    /// <summary>Every message received so far, by every run of the server.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        _maildirs
            .SelectMany(maildir => new[] { "new", "cur" }.Select(sub => Path.Combine(maildir, sub)))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Order(StringComparer.Ordinal)
            .Select(file => MimeMessage.Load(file))
            .ToList();

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived (or 30 seconds pass) and returns them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Only a temporary folder is left behind.
        }
    }
}
