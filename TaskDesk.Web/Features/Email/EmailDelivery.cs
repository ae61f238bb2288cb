using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TaskDesk.Web.Features.Email;

/// <summary>Hands a message to the configured SMTP server, or, without one, writes it as an .eml file into the pickup folder.</summary>
public sealed class EmailDelivery(IOptions<EmailOptions> options)
{
    public async Task DeliverAsync(MimeMessage message, string fileName, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.UsesSmtp)
        {
            await WriteToPickupAsync(settings.Email.PickupFolder, message, fileName, ct);
            return;
        }

        var smtp = settings.Smtp;
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(smtp.TimeoutSeconds).TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, ToMailKit(smtp.Security), ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    // Written under a temporary name and then moved, so a reader never sees half a message; the same row writes the same file.
    private static async Task WriteToPickupAsync(string folder, MimeMessage message, string fileName, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, path, overwrite: true);
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
