namespace CodingAgent.Web.Sharing;

/// <summary>Why a share was not added or removed: the API's problem (<paramref name="Status"/>, <paramref name="Title"/>) and the page's message (<paramref name="Detail"/>).</summary>
public sealed record ShareRefusal(int Status, string Title, string Detail);
