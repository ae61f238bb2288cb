using System.Reflection;
using System.Text.Json;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Domain;

public class WorkflowVersionTests
{
    private const int InitializedBy = 42;

    private static readonly DateTimeOffset InitializedAt = new(2025, 3, 4, 12, 30, 15, TimeSpan.FromHours(2));

    [Fact]
    public void Initialize_WritesVersionOneByTheInitializer()
    {
        var version = InitializeNew();

        Assert.Equal(1, version.Number);
        Assert.Equal(InitializedBy, version.CreatedBy);
        Assert.Equal(InitializedAt, version.CreatedAt);
    }

    [Fact]
    public void Definition_HasNodesEdgesMetadataAndWorkflowAtTheTop()
    {
        using var json = JsonDocument.Parse(InitializeNew().Definition);

        Assert.Equal(["nodes", "edges", "metadata", "workflow"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Definition_NodesDescribeEveryStepInSnakeCase()
    {
        var workflow = PersistedDeployed();
        workflow.Initialize(WorkflowBuilder.Roles, InitializedBy, InitializedAt);
        using var json = JsonDocument.Parse(workflow.ActiveVersion!.Definition);

        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();

        Assert.Equal(3, nodes.Count);
        var triage = nodes[0];
        Assert.Equal(workflow.StepNamed("Triage").Id, triage.GetProperty("step_id").GetInt32());
        Assert.Equal("Triage", triage.GetProperty("name").GetString());
        Assert.Equal(WorkflowBuilder.AgentRoleId, triage.GetProperty("role_id").GetInt32());
        Assert.Equal("Agent", triage.GetProperty("role_name").GetString());
        Assert.Equal(0.2m, triage.GetProperty("weight").GetDecimal());
        Assert.True(triage.GetProperty("is_start").GetBoolean());
        Assert.False(triage.GetProperty("is_end").GetBoolean());
        Assert.Equal(JsonValueKind.Null, triage.GetProperty("escalate_to").ValueKind);
        Assert.Equal(["Triage", "Resolution", "Verification"], nodes.Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(["Agent", "IT Technician", "Agent"], nodes.Select(n => n.GetProperty("role_name").GetString()));
        Assert.Equal([false, false, true], nodes.Select(n => n.GetProperty("is_end").GetBoolean()));
    }

    [Fact]
    public void Definition_NodeNamesTheRoleItEscalatesTo()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var graph = new TestGraph().ChangeStep("resolution", s => s with { EscalateToRoleId = WorkflowBuilder.ManagerRoleId });
        workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Now);
        workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Now);

        var version = workflow.Initialize(WorkflowBuilder.Roles, InitializedBy, InitializedAt);

        using var json = JsonDocument.Parse(version.Definition);
        var resolution = json.RootElement.GetProperty("nodes")[1];
        Assert.Equal(WorkflowBuilder.ManagerRoleId, resolution.GetProperty("escalate_to").GetInt32());
        Assert.Equal("Manager", resolution.GetProperty("escalate_to_name").GetString());
    }

    [Fact]
    public void Definition_NodesFollowTheStepOrder()
    {
        var workflow = WorkflowBuilder.EmptyDraft();
        var steps = WorkflowBuilder.ValidSteps();
        steps.Reverse();
        workflow.ReplaceGraph(steps, WorkflowBuilder.ValidTransitions(), WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Now);
        workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Now);

        var definition = workflow.Initialize(WorkflowBuilder.Roles, InitializedBy, InitializedAt).ReadDefinition();

        Assert.Equal(["Triage", "Resolution", "Verification"], definition.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Definition_EdgesJoinTheStepIdsInSnakeCase()
    {
        var workflow = PersistedDeployed();
        var assign = workflow.TransitionNamed("Assign");
        workflow.Initialize(WorkflowBuilder.Roles, InitializedBy, InitializedAt);
        using var json = JsonDocument.Parse(workflow.ActiveVersion!.Definition);

        var edges = json.RootElement.GetProperty("edges").EnumerateArray().ToList();

        Assert.Equal(2, edges.Count);
        Assert.Equal(assign.Id, edges[0].GetProperty("transition_id").GetInt32());
        Assert.Equal(workflow.StepNamed("Triage").Id, edges[0].GetProperty("from_step_id").GetInt32());
        Assert.Equal(workflow.StepNamed("Resolution").Id, edges[0].GetProperty("to_step_id").GetInt32());
        Assert.Equal("Assign", edges[0].GetProperty("name").GetString());
        Assert.Equal(workflow.StepNamed("Verification").Id, edges[1].GetProperty("to_step_id").GetInt32());
    }

    [Fact]
    public void Definition_MetadataSaysWhenInUtcAndByWhom()
    {
        using var json = JsonDocument.Parse(InitializeNew().Definition);

        var metadata = json.RootElement.GetProperty("metadata");

        Assert.Equal("2025-03-04T10:30:15Z", metadata.GetProperty("created_at").GetString());
        Assert.Equal(InitializedBy, metadata.GetProperty("created_by").GetInt32());
    }

    [Fact]
    public void Definition_WorkflowCarriesTheDetailsAndSlasAsTheSeedWritesThem()
    {
        using var json = JsonDocument.Parse(InitializeNew().Definition);

        var workflow = json.RootElement.GetProperty("workflow");

        Assert.Equal("IT Support Request", workflow.GetProperty("name").GetString());
        Assert.Equal("IT", workflow.GetProperty("department").GetString());
        Assert.Equal("Technology", workflow.GetProperty("category").GetString());
        Assert.Equal("Support Request", workflow.GetProperty("sub_category").GetString());
        Assert.Equal("72:00:00", workflow.GetProperty("low_sla").GetString());
        Assert.Equal("48:00:00", workflow.GetProperty("medium_sla").GetString());
        Assert.Equal("24:00:00", workflow.GetProperty("high_sla").GetString());
        Assert.Equal("04:00:00", workflow.GetProperty("urgent_sla").GetString());
        Assert.Equal("notification", workflow.GetProperty("end_logic").GetString());
    }

    [Fact]
    public void Definition_UnsetSlaIsNullAndNoEndLogicIsEmpty()
    {
        var workflow = new Workflow(WorkflowBuilder.Details() with { LowSla = null, EndLogic = EndLogic.None }, WorkflowBuilder.Author, WorkflowBuilder.Now);
        workflow.ReplaceGraph(WorkflowBuilder.ValidSteps(), WorkflowBuilder.ValidTransitions(), WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Now);
        workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Now);

        var definition = workflow.Initialize(WorkflowBuilder.Roles, InitializedBy, InitializedAt).ReadDefinition();

        Assert.Null(definition.Workflow.LowSla);
        Assert.Equal("", definition.Workflow.EndLogic);
    }

    [Fact]
    public void ReadDefinition_GivesBackWhatWasWritten()
    {
        var version = InitializeNew();

        var definition = version.ReadDefinition();

        Assert.Equal("Triage", definition.StartNode.Name);
        Assert.Equal(["Triage", "Resolution", "Verification"], definition.Nodes.Select(n => n.Name));
        Assert.Equal(["Assign", "Complete"], definition.Edges.Select(e => e.Name));
        Assert.Equal(new DateTime(2025, 3, 4, 10, 30, 15, DateTimeKind.Utc), definition.Metadata.CreatedAt);
        Assert.Equal(InitializedBy, definition.Metadata.CreatedBy);
        Assert.Equal(version.Definition, definition.ToJson());
    }

    [Fact]
    public void Initialize_AfterEditingAndDeployingAgain_WritesVersionTwoAndKeepsVersionOneAsItWas()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Paused);
        var first = workflow.ActiveVersion!;
        var firstDefinition = first.Definition;
        workflow.Edit(WorkflowBuilder.Later(1));
        var graph = new TestGraph().ChangeStep("resolution", s => s with { Name = "Fix" });
        workflow.ReplaceGraph(graph.Steps, graph.Transitions, WorkflowBuilder.Roles, requireComplete: true, WorkflowBuilder.Later(2));
        workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Later(3));

        var second = workflow.Initialize(WorkflowBuilder.Roles, InitializedBy, WorkflowBuilder.Later(4));

        Assert.Equal(1, first.Number);
        Assert.Equal(2, second.Number);
        Assert.Equal(2, workflow.LatestVersionNumber);
        Assert.Same(second, workflow.ActiveVersion);
        Assert.Equal(firstDefinition, first.Definition);
        Assert.Contains("Resolution", first.ReadDefinition().Nodes.Select(n => n.Name));
        Assert.Contains("Fix", second.ReadDefinition().Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Resume_WritesNoNewVersion()
    {
        var workflow = WorkflowBuilder.InStatus(WorkflowStatus.Paused);
        var version = workflow.ActiveVersion;

        workflow.Resume(WorkflowBuilder.Later());
        workflow.Pause(WorkflowBuilder.Later(2));
        workflow.Resume(WorkflowBuilder.Later(3));

        Assert.Equal(1, workflow.LatestVersionNumber);
        Assert.Same(version, workflow.ActiveVersion);
    }

    [Fact]
    public void WorkflowVersion_HasNoPublicWayToChangeIt()
    {
        var type = typeof(WorkflowVersion);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);

        Assert.NotEmpty(properties);
        Assert.All(properties, p => Assert.False(p.SetMethod?.IsPublic ?? false, $"{p.Name} has a public setter"));
        Assert.Empty(type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static));
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.Equal(
            [nameof(WorkflowVersion.ReadDefinition)],
            type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName).Select(m => m.Name));
    }

    private static WorkflowVersion InitializeNew() =>
        WorkflowBuilder.InStatus(WorkflowStatus.Deployed).Initialize(WorkflowBuilder.Roles, InitializedBy, InitializedAt);

    private static Workflow PersistedDeployed()
    {
        var workflow = WorkflowBuilder.Persisted(WorkflowBuilder.Draft(), firstId: 20);
        workflow.Deploy(WorkflowBuilder.Roles, WorkflowBuilder.Now);
        return workflow;
    }
}
