using System.Text.RegularExpressions;

namespace CodingAgent.Profiler;

/// <summary>Column names that say "this identifies the row": id, *_id, customerId, key, code, uuid, …</summary>
internal static partial class KeyNames
{
    public static bool LooksLikeKey(string name) => KeyPattern().IsMatch(name.Trim());

    [GeneratedRegex(@"(?i:^(id|key|code|uuid|guid)$|[ _\-.](id|key|code|uuid|guid)$|^(id|key)[ _\-.])|[a-z](Id|ID|Key|Code|Uuid)$")]
    private static partial Regex KeyPattern();
}
