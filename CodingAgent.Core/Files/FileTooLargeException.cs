namespace CodingAgent.Core.Files;

public sealed class FileTooLargeException(long limit) : Exception($"The file is larger than the upload limit of {limit / (1024 * 1024)} MB.")
{
    public long Limit { get; } = limit;
}
