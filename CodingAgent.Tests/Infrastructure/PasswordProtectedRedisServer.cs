namespace CodingAgent.Tests.Infrastructure;

/// <summary>A <see cref="RedisServer"/> that requires a password: the app must connect with it and never show it.</summary>
public sealed class PasswordProtectedRedisServer : RedisServer
{
    public const string Password = "redis-test-secret-7f3a9c";

    public PasswordProtectedRedisServer()
        : base(Password)
    {
    }
}
