namespace CodingAgent.Web.Api;

/// <summary>A column of a table artifact: <c>{ name, dtype }</c> (the pandas dtype).</summary>
public sealed record TableColumnDto(string Name, string Dtype);
