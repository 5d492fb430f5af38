namespace CodingAgent.Core.Domain;

public static class ArtifactKinds
{
    public const string Table = "table";
    public const string Chart = "chart";
    public const string Image = "image";
    public const string File = "file";

    public static bool IsKnown(string kind) => kind is Table or Chart or Image or File;
}
