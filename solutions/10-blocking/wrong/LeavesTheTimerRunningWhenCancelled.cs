namespace Katas.Blocking;

/// <summary>WRONG: a hand-made delay (a TaskCompletionSource set by a timer) that a cancellation completes but whose timer it never stops.</summary>
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = timeProvider.CreateTimer(_ => answered.TrySetResult(), null, latency, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(() => answered.TrySetCanceled(cancellationToken));
        await answered.Task;
        timer.Dispose();
        return $"<h1>{page}</h1>";
    }

    public async Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var html = await FetchAsync(page, latency, cancellationToken);
        return html.Length;
    }
}
