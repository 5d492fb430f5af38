namespace CodingAgent.Core.Runs;

/// <summary>A question refused before any run starts (empty, too long); <see cref="Title"/> is the problem's title on the API.</summary>
public sealed class InvalidQuestionException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}
