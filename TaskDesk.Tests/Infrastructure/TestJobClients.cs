using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>A job client that keeps jobs instead of running them: intake has not happened until the test says so.</summary>
public sealed class HeldJobs : IBackgroundJobClient
{
    public List<Job> Held { get; } = [];

    public string Create(Job job, IState state)
    {
        Held.Add(job);
        return Held.Count.ToString(CultureInfo.InvariantCulture);
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => false;
}

/// <summary>A job client whose storage is away: every job it is given fails to be queued.</summary>
public sealed class UnreachableJobs : IBackgroundJobClient
{
    public string Create(Job job, IState state) => throw new InvalidOperationException("The job storage is away.");

    public bool ChangeState(string jobId, IState state, string expectedState) => false;
}
