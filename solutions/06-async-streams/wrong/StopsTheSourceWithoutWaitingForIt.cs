using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Katas.AsyncStreams;

// WRONG: when the batching ends, it cancels the source but does not await the pump: the consumer's await foreach
// is over before the source has stopped and run its finally blocks.

public static class Streams
{
    public static async IAsyncEnumerable<int> NumbersAsync(
        int count, TimeSpan period, TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // An async iterator is lazy, like a Rust Stream and unlike a Task: none of this runs until the
        // consumer's first MoveNextAsync. [EnumeratorCancellation] merges the token given here with the
        // one given to WithCancellation.
        for (var number = 1; number <= count; number++)
        {
            await Task.Delay(period, timeProvider, cancellationToken);
            yield return number; // the consumer has it now, not when the whole stream is done
        }
    }

    public static async Task<int> SumAsync(
        IAsyncEnumerable<int> source, IProgress<int> runningTotal, CancellationToken cancellationToken = default)
    {
        var total = 0;
        // WithCancellation hands the token to the source's iterator, so a cancellation stops the source even
        // while it waits. Leaving the loop in any way disposes the enumerator: the source's finally blocks run.
        await foreach (var number in source.WithCancellation(cancellationToken))
        {
            total += number;
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

        // Producer and consumer: the source runs on its own and pours its items into a channel (bounded, so a
        // slow reader holds the source back, like tokio's mpsc). We read the channel, which, unlike a pending
        // MoveNextAsync of the source, can be waited on with a deadline and given up without losing an item.
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(maxSize) { SingleReader = true, SingleWriter = true });
        using var stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = PumpAsync(source, channel.Writer, stopSource.Token);
        try
        {
            // No deadline while nothing is waiting: the window opens with a batch's first item.
            while (await channel.Reader.WaitToReadAsync(cancellationToken))
            {
                var batch = new List<T>(maxSize);
                // The window, on the injected clock (CancelAfter on a plain source would use the real one).
                using (var window = new CancellationTokenSource(maxWait, timeProvider))
                using (var windowOrCaller = CancellationTokenSource.CreateLinkedTokenSource(window.Token, cancellationToken))
                {
                    await FillAsync(channel.Reader, batch, maxSize, windowOrCaller.Token, cancellationToken);
                } // disposed here: a batch that filled up early leaves no timer behind
                yield return batch;
            }
        }
        finally
        {
            // Stops the source, but does not wait for it: its finally runs some time after ours.
#pragma warning disable CA1849, VSTHRD103
            stopSource.Cancel();
#pragma warning restore CA1849, VSTHRD103
        }
    }


    private static async Task FillAsync<T>(
        ChannelReader<T> reader, List<T> batch, int maxSize, CancellationToken windowOrCaller, CancellationToken caller)
    {
        try
        {
            while (batch.Count < maxSize)
            {
                if (reader.TryRead(out var item)) batch.Add(item);
                else if (!await reader.WaitToReadAsync(windowOrCaller)) return; // the source ended: emit what we have
            }
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            // The window ended: emit what we have.
        }
    }

    private static async Task PumpAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<T> writer, CancellationToken stop)
    {
        try
        {
            await foreach (var item in source.WithCancellation(stop))
                await writer.WriteAsync(item, stop);
            writer.Complete();
        }
        catch (Exception error)
        {
            // WaitToReadAsync rethrows this very exception to the reader. When we were stopped, nobody reads any more.
            writer.Complete(error);
        }
    }
}
