namespace CodingAgent.Web.Data;

/// <summary>What went wrong with the database, in one line for a log or the readiness report (no connection string).</summary>
internal static class DatabaseProblems
{
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null && parts.Count < 4; current = current.InnerException)
        {
            if (!parts.Contains(current.Message))
            {
                parts.Add(current.Message);
            }
        }
        return string.Join(" — ", parts);
    }
}
