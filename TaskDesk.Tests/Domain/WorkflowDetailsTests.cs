using TaskDesk.Domain.Common;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Domain;

public class WorkflowDetailsTests
{
    private static readonly WorkflowDetails NoSlas = WorkflowBuilder.Details() with { LowSla = null, MediumSla = null, HighSla = null, UrgentSla = null };

    public static TheoryData<SlaPriority, SlaPriority> PriorityPairs()
    {
        var data = new TheoryData<SlaPriority, SlaPriority>();
        var priorities = Enum.GetValues<SlaPriority>();
        for (var i = 0; i < priorities.Length; i++)
        {
            for (var j = i + 1; j < priorities.Length; j++)
            {
                data.Add(priorities[i], priorities[j]);
            }
        }

        return data;
    }

    [Fact]
    public void CheckDetails_SeedDetails_AreAccepted()
    {
        Assert.Empty(Workflow.CheckDetails(WorkflowBuilder.Details()));
    }

    [Fact]
    public void CheckDetails_OptionalFieldsLeftOut_AreAccepted()
    {
        var details = NoSlas with { Description = null, SubCategory = null, EndLogic = EndLogic.None };

        Assert.Empty(Workflow.CheckDetails(details));
    }

    [Theory]
    [MemberData(nameof(PriorityPairs))]
    public void CheckSlas_MoreUrgentShorter_IsAccepted(SlaPriority urgent, SlaPriority lessUrgent)
    {
        var details = WithSla(WithSla(NoSlas, urgent, TimeSpan.FromHours(1)), lessUrgent, TimeSpan.FromHours(2));

        Assert.Empty(Workflow.CheckSlas(details));
    }

    [Theory]
    [MemberData(nameof(PriorityPairs))]
    public void CheckSlas_MoreUrgentLonger_IsReportedNamingBothSlas(SlaPriority urgent, SlaPriority lessUrgent)
    {
        var details = WithSla(WithSla(NoSlas, urgent, TimeSpan.FromHours(72)), lessUrgent, TimeSpan.FromHours(4));

        var issue = Assert.Single(Workflow.CheckSlas(details));

        Assert.Equal(ValidationIssue.Field(FieldOf(urgent), $"{FieldOf(urgent)} (72:00:00) should be < {FieldOf(lessUrgent)} (04:00:00)."), issue);
    }

    [Theory]
    [MemberData(nameof(PriorityPairs))]
    public void CheckSlas_TwoPrioritiesWithTheSameSla_IsReported(SlaPriority urgent, SlaPriority lessUrgent)
    {
        var details = WithSla(WithSla(NoSlas, urgent, TimeSpan.FromHours(24)), lessUrgent, TimeSpan.FromHours(24));

        var issue = Assert.Single(Workflow.CheckSlas(details));

        Assert.Equal(FieldOf(urgent), issue.Target);
        Assert.Contains("should be <", issue.Message);
    }

    [Theory]
    [InlineData(SlaPriority.Urgent, 0)]
    [InlineData(SlaPriority.Urgent, -60)]
    [InlineData(SlaPriority.High, 0)]
    [InlineData(SlaPriority.High, -1)]
    [InlineData(SlaPriority.Medium, 0)]
    [InlineData(SlaPriority.Medium, -60)]
    [InlineData(SlaPriority.Low, 0)]
    [InlineData(SlaPriority.Low, -1)]
    public void CheckSlas_ZeroOrNegativeSla_IsReportedAndLeftOutOfTheOrdering(SlaPriority priority, int minutes)
    {
        var details = WithSla(WorkflowBuilder.Details(), priority, TimeSpan.FromMinutes(minutes));

        var issue = Assert.Single(Workflow.CheckSlas(details));

        Assert.Equal(ValidationIssue.Field(FieldOf(priority), $"{FieldOf(priority)} must be longer than zero."), issue);
    }

    [Fact]
    public void CheckSlas_SeveralProblems_AreAllReported()
    {
        var details = WorkflowBuilder.Details() with
        {
            UrgentSla = TimeSpan.FromHours(48),
            HighSla = TimeSpan.FromHours(24),
            MediumSla = TimeSpan.Zero,
            LowSla = TimeSpan.FromHours(12),
        };

        var issues = Workflow.CheckSlas(details).ToList();

        Assert.Equal(3, issues.Count);
        IssueAssert.Single(issues, IssueSubject.Field, "medium_sla", "longer than zero");
        IssueAssert.Single(issues, IssueSubject.Field, "urgent_sla", "should be < high_sla");
        IssueAssert.Single(issues, IssueSubject.Field, "high_sla", "should be < low_sla");
    }

    [Theory]
    [InlineData("name", "Name is required.")]
    [InlineData("department", "Department is required.")]
    [InlineData("category", "Category is required.")]
    public void CheckDetails_RequiredFieldMissing_IsReported(string field, string message)
    {
        foreach (var missing in new[] { null, "", "   " })
        {
            var issue = Assert.Single(Workflow.CheckDetails(With(WorkflowBuilder.Details(), field, missing)));

            Assert.Equal(ValidationIssue.Field(field, message), issue);
        }
    }

    [Theory]
    [InlineData("name", Workflow.NameMaxLength)]
    [InlineData("description", Workflow.DescriptionMaxLength)]
    [InlineData("department", Workflow.MatchFieldMaxLength)]
    [InlineData("category", Workflow.MatchFieldMaxLength)]
    [InlineData("sub_category", Workflow.MatchFieldMaxLength)]
    public void CheckDetails_FieldLongerThanItsLimit_IsReported(string field, int limit)
    {
        var details = With(WorkflowBuilder.Details(), field, new string('x', limit + 1));

        IssueAssert.Single(Workflow.CheckDetails(details), IssueSubject.Field, field, $"must be at most {limit} characters");
    }

    [Theory]
    [InlineData("name", Workflow.NameMaxLength)]
    [InlineData("description", Workflow.DescriptionMaxLength)]
    [InlineData("department", Workflow.MatchFieldMaxLength)]
    [InlineData("category", Workflow.MatchFieldMaxLength)]
    [InlineData("sub_category", Workflow.MatchFieldMaxLength)]
    public void CheckDetails_FieldAtItsLimitAfterTrimming_IsAccepted(string field, int limit)
    {
        var details = With(WorkflowBuilder.Details(), field, "  " + new string('x', limit) + "  ");

        Assert.Empty(Workflow.CheckDetails(details));
    }

    [Fact]
    public void CheckDetails_EndLogicThatIsNotDefined_IsReported()
    {
        var details = WorkflowBuilder.Details() with { EndLogic = (EndLogic)42 };

        IssueAssert.Single(Workflow.CheckDetails(details), IssueSubject.Field, "end_logic", "End logic is not one of");
    }

    [Fact]
    public void NewWorkflow_WithSeveralBadDetails_IsRefusedWithEveryIssue()
    {
        var details = WorkflowBuilder.Details() with { Name = null, Department = "", Category = " ", UrgentSla = TimeSpan.Zero };

        var error = Assert.Throws<DomainValidationException>(() => new Workflow(details, WorkflowBuilder.Author, WorkflowBuilder.Now));

        Assert.Equal(["name", "department", "category", "urgent_sla"], error.Issues.Select(i => i.Target));
        Assert.All(error.Issues, i => Assert.Equal(IssueSubject.Field, i.Subject));
        Assert.StartsWith("4 problems: Name is required.", error.Message);
    }

    [Fact]
    public void NewWorkflow_WithOneBadDetail_HasThatIssueAsItsMessage()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Workflow(WorkflowBuilder.Details() with { Name = "" }, WorkflowBuilder.Author, WorkflowBuilder.Now));

        Assert.Equal("Name is required.", error.Message);
    }

    [Theory]
    [InlineData(WorkflowStatus.Draft)]
    [InlineData(WorkflowStatus.Deployed)]
    public void UpdateDetails_WhereAllowed_AppliesTheTrimmedDetails(WorkflowStatus status)
    {
        var workflow = WorkflowBuilder.InStatus(status);
        var details = new WorkflowDetails(" Laptop Request ", " New laptops ", " Hardware ", " Equipment ", null, TimeSpan.FromHours(96), null, null, TimeSpan.FromHours(8), EndLogic.Asset);

        workflow.UpdateDetails(details, WorkflowBuilder.Later());

        Assert.Equal(new WorkflowDetails("Laptop Request", "New laptops", "Hardware", "Equipment", "", TimeSpan.FromHours(96), null, null, TimeSpan.FromHours(8), EndLogic.Asset), workflow.ToDetails());
        Assert.Equal(status, workflow.Status);
        Assert.Null(workflow.SlaFor(SlaPriority.Medium));
    }

    [Fact]
    public void UpdateDetails_WithBadDetails_IsRefusedAndChangesNothing()
    {
        var workflow = WorkflowBuilder.Draft();
        var before = workflow.Snapshot();
        var details = WorkflowBuilder.Details() with { Name = "Renamed", Category = null, HighSla = TimeSpan.FromHours(100) };

        var error = Assert.Throws<DomainValidationException>(() => workflow.UpdateDetails(details, WorkflowBuilder.Later()));

        Assert.Equal(2, error.Issues.Count);
        IssueAssert.Single(error.Issues, IssueSubject.Field, "category", "required");
        IssueAssert.Single(error.Issues, IssueSubject.Field, "high_sla", "should be < medium_sla");
        before.AssertUnchanged(workflow);
    }

    [Theory]
    [InlineData(EndLogic.None, "")]
    [InlineData(EndLogic.Asset, "asset")]
    [InlineData(EndLogic.Budget, "budget")]
    [InlineData(EndLogic.Notification, "notification")]
    public void EndLogicCodes_ToCodeAndBack(EndLogic endLogic, string code)
    {
        Assert.Equal(code, EndLogicCodes.ToCode(endLogic));
        Assert.True(EndLogicCodes.TryParse(code, out var parsed));
        Assert.Equal(endLogic, parsed);
    }

    [Theory]
    [InlineData(null, EndLogic.None)]
    [InlineData("none", EndLogic.None)]
    [InlineData(" Asset ", EndLogic.Asset)]
    [InlineData("NOTIFICATION", EndLogic.Notification)]
    public void EndLogicCodes_TryParse_AcceptsLooseSpellings(string? code, EndLogic expected)
    {
        Assert.True(EndLogicCodes.TryParse(code, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("42")]
    [InlineData("assets")]
    [InlineData("Asset Management")]
    public void EndLogicCodes_TryParse_RefusesUnknownCodes(string code)
    {
        Assert.False(EndLogicCodes.TryParse(code, out _));
    }

    [Fact]
    public void EndLogicCodes_TryParse_RefusesAListOfCodes()
    {
        Assert.False(EndLogicCodes.TryParse("asset,budget", out _));
    }

    private static string FieldOf(SlaPriority priority) => priority.ToString().ToLowerInvariant() + "_sla";

    private static WorkflowDetails WithSla(WorkflowDetails details, SlaPriority priority, TimeSpan value) => priority switch
    {
        SlaPriority.Urgent => details with { UrgentSla = value },
        SlaPriority.High => details with { HighSla = value },
        SlaPriority.Medium => details with { MediumSla = value },
        SlaPriority.Low => details with { LowSla = value },
        _ => throw new ArgumentOutOfRangeException(nameof(priority)),
    };

    private static WorkflowDetails With(WorkflowDetails details, string field, string? value) => field switch
    {
        "name" => details with { Name = value },
        "description" => details with { Description = value },
        "department" => details with { Department = value },
        "category" => details with { Category = value },
        "sub_category" => details with { SubCategory = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
