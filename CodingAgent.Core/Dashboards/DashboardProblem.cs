namespace CodingAgent.Core.Dashboards;

/// <summary>Why a dashboard request was refused (the API maps each to a status).</summary>
public enum DashboardProblem
{
    InvalidName,
    InvalidTitle,
    DashboardNotFound,
    TileNotFound,
    ArtifactNotFound,
    NotPinnable,
}
