using CodingAgent.Core;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Sandbox;
using CodingAgent.Web.Api;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Data;
using CodingAgent.Web.Llm;
using CodingAgent.Web.Security;
using CodingAgent.Web.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CodingAgent.Web.Extensions;

/// <summary>Where the embedded defaults keep their state: <c>CODINGAGENT_DATA_DIR</c>, else <c>CodingAgent:DataDirectory</c>, else ./data.</summary>
public sealed class DataPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Database => Path.Combine(Root, "codingagent.db");
    public string Blobs => Path.Combine(Root, "blobs");
    public string Workspaces => Path.Combine(Root, "workspaces");
    public string Runtime => Path.Combine(Root, "runtime");
    public string Keys => Path.Combine(Root, "keys");

    public static DataPaths From(IConfiguration configuration) => new(
        new[] { configuration["CODINGAGENT_DATA_DIR"], configuration["CodingAgent:DataDirectory"] }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "data");
}
