namespace Katas.Blocking;

// CORRECT: a hand-written delay, a TaskCompletionSource completed by an ITimer of the TimeProvider and cancelled by the token, both disposed when it ends.
public sealed class PageClient(TimeProvider timeProvider)
{
    public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (timeProvider.CreateTimer(_ => answered.TrySetResult(), null, latency, Timeout.InfiniteTimeSpan))
        using (cancellationToken.Register(() => answered.TrySetCanceled(cancellationToken)))
        {
            await answered.Task;
        }
        return $"<h1>{page}</h1>";
    }

    public Task<int> FetchLengthAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default) =>
        MeasureAsync(FetchAsync(page, latency, cancellationToken));

    private static async Task<int> MeasureAsync(Task<string> fetch) => (await fetch).Length;
}
