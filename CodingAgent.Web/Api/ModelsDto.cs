namespace CodingAgent.Web.Api;

/// <summary><c>GET /api/models</c>: the default model's id (null when none is configured) and every model, the default first.</summary>
public sealed record ModelsDto(string? Default, IReadOnlyList<ModelDto> Models);
