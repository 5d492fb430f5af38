namespace CodingAgent.Core.Agent;

/// <summary>Cost estimates from a model's price table (per million tokens; a missing price counts as 0).</summary>
public static class ModelPrices
{
    /// <summary>The cost of these tokens, or null when the model has no prices configured.</summary>
    public static decimal? CostOf(this ModelChoice model, long inputTokens, long outputTokens) =>
        model.InputPricePerMillionTokens is null && model.OutputPricePerMillionTokens is null
            ? null
            : Math.Round(((model.InputPricePerMillionTokens ?? 0) * inputTokens + (model.OutputPricePerMillionTokens ?? 0) * outputTokens) / 1_000_000m, 8);
}
