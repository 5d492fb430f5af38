namespace CodingAgent.Core.Agent;

/// <summary>How a model runs code: <c>native</c> function calling, or <c>fenced</c> ```python blocks in its answer.</summary>
public static class ToolCallingModes
{
    public const string Native = "native";
    public const string Fenced = "fenced";

    public static bool IsValid(string? mode) => mode is Native or Fenced;
}
