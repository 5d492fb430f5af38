namespace CodingAgent.Web.Llm;

/// <summary>One model of a provider (for <c>azure-openai</c>, <see cref="Name"/> is the deployment's name).</summary>
public sealed class LlmModelOptions
{
    public string Name { get; set; } = "";

    /// <summary>What the model picker shows; empty: <see cref="Name"/>.</summary>
    public string? DisplayName { get; set; }

    /// <summary><c>native</c> (function calling) or <c>fenced</c> (```python blocks); see <see cref="Core.Agent.ToolCallingModes"/>.</summary>
    public string ToolCalling { get; set; } = Core.Agent.ToolCallingModes.Native;

    /// <summary>The answer's token limit sent to providers that need one (<c>anthropic</c>: 4096 when not set).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int? MaxOutputTokens { get; set; }

    public decimal? InputPricePerMillionTokens { get; set; }
    public decimal? OutputPricePerMillionTokens { get; set; }
}
