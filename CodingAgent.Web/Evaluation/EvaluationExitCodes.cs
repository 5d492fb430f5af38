namespace CodingAgent.Web.Evaluation;

/// <summary>What <c>eval</c> returns to the shell.</summary>
public static class EvaluationExitCodes
{
    /// <summary>Every question ran through the agent (each answered right or wrong; a run that ended failed counts as wrong).</summary>
    public const int AllRan = 0;

    /// <summary>
    /// At least one question could not run (the app did not start, no model is configured, the sandbox or another
    /// dependency is unavailable, a session or upload could not be made, the run could not start), or the command was
    /// stopped (Ctrl+C).
    /// </summary>
    public const int NotAllRan = 1;

    /// <summary>The command line or the question file is wrong; nothing ran.</summary>
    public const int UsageError = 2;
}
