namespace CodingAgent.Web.Components.Chat;

/// <summary>
/// Folds failed attempts: a run of failed steps, with the model's text between them, that a successful step follows
/// becomes one <see cref="FixedAttemptsItem"/> placed before that step. Failed steps with no success after them (yet)
/// stay visible, and so does a kernel-restart notice, which ends a run of attempts.
/// </summary>
public static class TurnLayout
{
    public static IReadOnlyList<TurnItem> Build(IReadOnlyList<TurnPart> parts)
    {
        var items = new List<TurnItem>();
        var i = 0;
        while (i < parts.Count)
        {
            if (IsFailedStep(parts[i]) && FixedAt(parts, i) is { } fixedAt)
            {
                var folded = parts.Skip(i).Take(fixedAt - i).ToList();
                items.Add(new FixedAttemptsItem(folded, folded.Count(IsFailedStep)));
                i = fixedAt;
                continue;
            }
            items.Add(new PartItem(parts[i]));
            i++;
        }
        return items;
    }

    /// <summary>The index of the successful step that fixes the failed attempts starting at <paramref name="start"/>, or null.</summary>
    private static int? FixedAt(IReadOnlyList<TurnPart> parts, int start)
    {
        for (var j = start + 1; j < parts.Count; j++)
        {
            switch (parts[j])
            {
                case StepPart { Step: { Finished: true, Succeeded: true } }:
                    return j;
                case StepPart step when IsFailedStep(step):
                case TextPart:
                    continue;
                default:
                    return null; // a running step or a notice
            }
        }
        return null;
    }

    private static bool IsFailedStep(TurnPart part) => part is StepPart { Step: { Finished: true, Succeeded: false } };
}
