namespace CodingAgent.Web.Components.Chat;

public enum TablePagerMove
{
    First,
    Previous,
    Next,
    Last,
}
