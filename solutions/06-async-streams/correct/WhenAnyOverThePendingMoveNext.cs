using System.Runtime.CompilerServices;

namespace Katas.AsyncStreams;

// CORRECT: Batch without a channel: it enumerates the source by hand and races the pending MoveNextAsync against
// the window's Task.Delay with Task.WhenAny; when it stops, it cancels the source, waits for a pending MoveNextAsync
// and disposes the enumerator. NumbersAsync waits for absolute due times; SumAsync enumerates by hand.
public static class Streams
{
    public static async IAsyncEnumerable<int> NumbersAsync(
        int count, TimeSpan period, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = timeProvider.GetTimestamp();
        for (var number = 1; number <= count; number++)
        {
            var wait = period * number - timeProvider.GetElapsedTime(start);
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, timeProvider, cancellationToken);
            yield return number;
        }
    }

    public static async Task<int> SumAsync(
        IAsyncEnumerable<int> source, IProgress<int> runningTotal, CancellationToken cancellationToken = default)
    {
        var total = 0;
        await using var numbers = source.GetAsyncEnumerator(cancellationToken);
        while (await numbers.MoveNextAsync())
        {
            total += numbers.Current;
            runningTotal.Report(total);
        }
        return total;
    }

    public static async IAsyncEnumerable<IReadOnlyList<T>> Batch<T>(
        this IAsyncEnumerable<T> source, int maxSize, TimeSpan maxWait, TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxWait, TimeSpan.Zero);

        using var stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = source.GetAsyncEnumerator(stopSource.Token);
        Task<bool>? next = null;
        CancellationTokenSource? window = null;
        try
        {
            var batch = new List<T>(maxSize);
            Task? windowEnds = null;
            while (true)
            {
                next ??= items.MoveNextAsync().AsTask();
                if (windowEnds is not null && await Task.WhenAny(next, windowEnds).WaitAsync(cancellationToken) == windowEnds)
                {
                    // The window ended first; the pending MoveNextAsync stays for the next batch.
                    (window, windowEnds) = CloseWindow(window);
                    yield return batch;
                    batch = new List<T>(maxSize);
                    continue;
                }
                var hasItem = await next.WaitAsync(cancellationToken);
                next = null;
                if (!hasItem) break;
                batch.Add(items.Current);
                if (batch.Count == 1)
                {
                    window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    windowEnds = Task.Delay(maxWait, timeProvider, window.Token);
                }
                if (batch.Count == maxSize)
                {
                    (window, windowEnds) = CloseWindow(window);
                    yield return batch;
                    batch = new List<T>(maxSize);
                }
            }
            (window, _) = CloseWindow(window);
            if (batch.Count > 0) yield return batch;
        }
        finally
        {
            CloseWindow(window);
#pragma warning disable CA1849, VSTHRD103 // Cancel() on purpose: the source stops at this very instant.
            stopSource.Cancel();
#pragma warning restore CA1849, VSTHRD103
            if (next is not null)
            {
                // DisposeAsync must not overlap a pending MoveNextAsync: let it end (cancelled) first.
                try { await next; } catch (OperationCanceledException) { }
            }
            await items.DisposeAsync();
        }
    }

    private static (CancellationTokenSource?, Task?) CloseWindow(CancellationTokenSource? window)
    {
        if (window is not null)
        {
#pragma warning disable CA1849, VSTHRD103 // the window's timer goes now, not a moment later
            window.Cancel();
#pragma warning restore CA1849, VSTHRD103
            window.Dispose();
        }
        return (null, null);
    }
}
