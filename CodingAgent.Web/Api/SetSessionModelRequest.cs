namespace CodingAgent.Web.Api;

/// <summary>The body of <c>PUT /api/sessions/{id}/model</c>: a model id of <c>GET /api/models</c>, or null for the default.</summary>
public sealed record SetSessionModelRequest(string? Model);
