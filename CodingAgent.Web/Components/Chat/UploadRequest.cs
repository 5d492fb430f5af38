namespace CodingAgent.Web.Components.Chat;

public sealed record UploadRequest(string Name, Stream Content);
