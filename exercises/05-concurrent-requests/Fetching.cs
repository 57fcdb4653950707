namespace Katas.ConcurrentRequests;

/// <summary>
/// Something that fetches one URL, like an <c>HttpClient</c>. The tests give you a fake one whose every
/// fetch takes a set time on the fake clock, and which records how many fetches were in flight at once.
/// </summary>
public interface IFetcher
{
    /// <summary>Fetches <paramref name="url"/> and returns its body. Takes time, may fail, honours the token.</summary>
    /// <param name="url">The URL to fetch.</param>
    /// <param name="cancellationToken">Stops the fetch; it then throws an <see cref="OperationCanceledException"/>.</param>
    /// <returns>The body of the response.</returns>
    Task<string> FetchAsync(string url, CancellationToken cancellationToken);
}

/// <summary>
/// What became of one URL: its body, or the error that its fetch threw. Rust would write
/// <c>Result&lt;String, Error&gt;</c>; here exactly one of <see cref="Body"/> and <see cref="Error"/> is set.
/// </summary>
/// <param name="Url">The URL that was fetched.</param>
/// <param name="Body">The body, when the fetch succeeded; otherwise null.</param>
/// <param name="Error">The exception the fetch threw, unchanged; null when it succeeded.</param>
public sealed record FetchResult(string Url, string? Body, Exception? Error)
{
    /// <summary>True when the fetch succeeded and <see cref="Body"/> holds the body.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A fetch of <paramref name="url"/> that returned <paramref name="body"/>.</summary>
    public static FetchResult Success(string url, string body) => new(url, body, null);

    /// <summary>A fetch of <paramref name="url"/> that threw <paramref name="error"/>.</summary>
    public static FetchResult Failure(string url, Exception error) => new(url, null, error);

    /// <summary>"a.test: ok" or "b.test: failed, HttpRequestException: 503", for failure messages.</summary>
    public override string ToString() =>
        IsSuccess ? $"{Url}: ok" : $"{Url}: failed, {Error!.GetType().Name}: {Error.Message}";
}
