using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Core.Dashboards;

/// <summary>Settings of dashboard refreshes (section <c>Dashboards</c>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboards";

    /// <summary>The longest one tile's refresh may take: starting a fresh kernel, placing the files and re-running its steps.</summary>
    [Range(5, 3600)]
    public int RefreshTimeoutSeconds { get; set; } = 300;
}
