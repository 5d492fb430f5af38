namespace CodingAgent.Core.Dashboards;

/// <summary>A refused dashboard request; the message says why, in words a user can act on.</summary>
public sealed class DashboardException(DashboardProblem problem, string message) : Exception(message)
{
    public DashboardProblem Problem { get; } = problem;
}
