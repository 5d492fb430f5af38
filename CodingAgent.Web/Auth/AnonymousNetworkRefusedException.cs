namespace CodingAgent.Web.Auth;

/// <summary>The app was asked to listen on a network address in <c>Auth:Mode</c> None without <c>Auth:AllowAnonymousNetwork</c>.</summary>
public sealed class AnonymousNetworkRefusedException(string addresses) : Exception(
    $"Auth:Mode is None (no sign-in) and the app would listen on {addresses}, which other machines can reach. " +
    "Listen on loopback only (e.g. --urls http://127.0.0.1:5000), or set Auth:AllowAnonymousNetwork=true to accept that anyone on the network uses it without signing in.");
