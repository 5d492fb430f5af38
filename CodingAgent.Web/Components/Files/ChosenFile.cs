namespace CodingAgent.Web.Components.Files;

/// <summary>A file the user chose or dropped, as uploads.js reports it (the file itself stays in the browser).</summary>
public sealed record ChosenFile(string Id, string Name, long Size);
