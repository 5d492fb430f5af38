namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>One bar of a sparkline in the SVG's own units, and the words a pointer or a screen reader gets for it.</summary>
public sealed record SparklineBar(double X, double Y, double Width, double Height, string Title);
