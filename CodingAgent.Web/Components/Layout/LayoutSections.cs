namespace CodingAgent.Web.Components.Layout;

/// <summary>Names of the layout's sections that pages fill (<c>SectionContent</c>).</summary>
public static class LayoutSections
{
    /// <summary>The drawer beside the page: a persistent sidebar on wide screens, a drawer behind the menu button below 960 px.</summary>
    public const string Sidebar = "ca-sidebar";
}
