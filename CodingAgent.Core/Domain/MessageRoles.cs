namespace CodingAgent.Core.Domain;

public static class MessageRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
