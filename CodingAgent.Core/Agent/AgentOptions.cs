using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Core.Agent;

public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>Failed executions allowed in one turn before the agent must answer (self-correction budget).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Executions allowed in one turn, failed or not.</summary>
    [Range(1, 50)]
    public int MaxExecutions { get; set; } = 12;

    /// <summary>Characters of one execution's output shown to the model.</summary>
    [Range(500, 100_000)]
    public int MaxToolOutputChars { get; set; } = 6_000;

    /// <summary>Characters of the workspace description (files, columns, sample rows) in the system prompt.</summary>
    [Range(500, 100_000)]
    public int MaxWorkspaceContextChars { get; set; } = 8_000;

    /// <summary>Tokens the digest of the workspace's file profiles may take in the system prompt (about 4 characters each).</summary>
    [Range(100, 100_000)]
    public int WorkspaceContextTokens { get; set; } = 2_000;

    /// <summary>How long a question waits for profiles still being made before it describes those files with pandas instead.</summary>
    [Range(0, 600)]
    public int ProfileWaitSeconds { get; set; } = 15;

    [Range(0, 50)]
    public int SampleRows { get; set; } = 5;

    /// <summary>Earlier messages of the session sent to the model with each question.</summary>
    [Range(0, 200)]
    public int MaxHistoryMessages { get; set; } = 20;

    /// <summary>Variables of the kernel (names, types, shapes) listed to the model for follow-up questions.</summary>
    [Range(0, 500)]
    public int MaxListedVariables { get; set; } = 30;

    /// <summary>
    /// The budget of one request to the model, in tokens (about 4 characters each): older turns are summarized and older
    /// tool outputs shortened to stay under it.
    /// </summary>
    [Range(2_000, 2_000_000)]
    public int MaxContextTokens { get; set; } = 32_000;

    /// <summary>Tokens (in + out, as the providers report them) one session may use in all; 0: no budget.</summary>
    [Range(0, long.MaxValue)]
    public long SessionTokenBudget { get; set; }

    /// <summary>
    /// Tokens the user may use per UTC day over all sessions; 0: no budget. Without sign-in there is one user, so this
    /// is the deployment's daily budget.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long UserDailyTokenBudget { get; set; }

    /// <summary>Run ```python blocks of answers from models that do not call tools.</summary>
    public bool ExecuteCodeBlocks { get; set; } = true;
}
