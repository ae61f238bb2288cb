using TaskDesk.Domain.Tickets;

namespace TaskDesk.Bench.Data;

/// <summary>Plausible service-desk text from a seeded <see cref="Random"/>: the same seed always writes the same words.</summary>
public sealed class Words(Random random)
{
    /// <summary>Things tickets are about; each is in a few percent of subjects and descriptions, which makes a realistic search.</summary>
    public static readonly string[] Things =
    [
        "laptop", "printer", "VPN", "mailbox", "payroll", "badge", "monitor", "password", "invoice", "contract", "chair", "wifi", "phone",
        "licence", "expense", "door", "server", "backup", "firewall", "travel", "keyboard", "projector", "parking", "locker",
    ];

    private static readonly string[] Problems =
    [
        "Cannot use", "Request for a new", "Broken", "Slow", "Please replace the", "Reset my", "Install a", "Update the", "Error with the",
        "Question about the", "Lost my", "Need access to the",
    ];

    private static readonly string[] Places =
    [
        "Building A", "the London office", "floor 3", "the warehouse", "my home office", "meeting room 12", "reception", "the lab", "Building C",
        "the Berlin office",
    ];

    private static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Cleo", "Dev", "Ema", "Finn", "Gia", "Hugo", "Iris", "Jon", "Kai", "Lena", "Milo", "Nora", "Omar", "Pia", "Quinn",
        "Rosa", "Sam", "Tara", "Umar", "Vera", "Wes", "Xena", "Yuri", "Zoe",
    ];

    private static readonly string[] LastNames =
    [
        "Archer", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez", "Meyer", "Novak",
        "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Vogel", "Weber", "Young", "Zhang",
    ];

    private static readonly string[] Sentences =
    [
        "It started this morning after the update.", "Nobody in the team can work until it is fixed.", "I tried restarting twice.",
        "The error message says access denied.", "My manager approved this last week.", "It happens every day around noon.",
        "Please call me when someone is on the way.", "The old one is still under warranty.", "This is blocking the month-end close.",
        "A colleague has the same problem.",
    ];

    public string Name() => $"{Pick(FirstNames)} {Pick(LastNames)}";

    public string Thing() => Pick(Things);

    public TicketPriority Priority() => random.NextDouble() switch
    {
        < 0.30 => TicketPriority.Low,
        < 0.70 => TicketPriority.Medium,
        < 0.90 => TicketPriority.High,
        < 0.95 => TicketPriority.Critical,
        _ => TicketPriority.Urgent,
    };

    public TicketContent Ticket(string number, string department, string category, string subCategory, DateTimeOffset submittedAt)
    {
        var thing = Thing();
        var requester = Name();
        var subject = $"{Pick(Problems)} {thing} in {Pick(Places)}";
        var description = $"{Pick(Sentences)} The {thing} in {Pick(Places)} needs attention. {Pick(Sentences)} {Pick(Sentences)} Reported by {requester}.";
        return new TicketContent(
            number, subject, description, department, category, subCategory, Priority(), requester,
            $"{requester.Replace(' ', '.').ToLowerInvariant()}@example.org", submittedAt);
    }

    public string Note() => Pick(Sentences);

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
