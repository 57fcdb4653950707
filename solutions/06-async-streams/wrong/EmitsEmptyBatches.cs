// WRONG: emits a batch at every tick of a timer started at the beginning, empty or not, like Rx's Buffer(timeSpan, count).
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Katas.AsyncStreams;

/// <summary>
/// Async streams, the C# way: <see cref="IAsyncEnumerable{T}"/> produced with <c>yield return</c> after an
/// <c>await</c>, consumed with <c>await foreach</c>, and transformed by a streaming operator.
/// </summary>
public static class Streams
{
    /// <summary>
    /// Produces the numbers 1 to <paramref name="count"/>, one per <paramref name="period"/> of
    /// <paramref name="timeProvider"/>: number k is ready at k × period, and the stream ends right after the last.
    /// </summary>
    /// <param name="count">How many numbers to produce.</param>
    /// <param name="period">The time between two numbers (and before the first).</param>
    /// <param name="timeProvider">The clock to wait on.</param>
    /// <param name="cancellationToken">
    /// Stops the stream at once, even in the middle of a wait. It also arrives through
    /// <c>stream.WithCancellation(token)</c>, which only works if this parameter is marked
    /// <see cref="EnumeratorCancellationAttribute"/>.
    /// </param>
    /// <returns>A stream that starts producing when it is enumerated, not before.</returns>
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

    /// <summary>
    /// Adds up the numbers of <paramref name="source"/> as they arrive, and reports the running total after
    /// each one, at the moment it arrives.
    /// </summary>
    /// <param name="source">The numbers to add up.</param>
    /// <param name="runningTotal">Receives the total so far after every number.</param>
    /// <param name="cancellationToken">Stops the sum and the source at once; the task then ends cancelled.</param>
    /// <returns>The total of all the numbers, once the source has ended.</returns>
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

    /// <summary>
    /// Groups the items of <paramref name="source"/> into batches, streaming: a batch is emitted as soon as it
    /// holds <paramref name="maxSize"/> items, or when <paramref name="maxWait"/> has passed since its first
    /// item arrived, whichever comes first. When the source ends, the last batch is emitted at once, however
    /// small. No empty batch is ever emitted: while no item is waiting, no time window runs.
    /// </summary>
    /// <typeparam name="T">The type of the items.</typeparam>
    /// <param name="source">The items to batch.</param>
    /// <param name="maxSize">The most items in one batch; at least 1.</param>
    /// <param name="maxWait">How long the first item of a batch may wait for the batch to be emitted; above zero.</param>
    /// <param name="timeProvider">The clock that times the window.</param>
    /// <param name="cancellationToken">
    /// Stops the batching and the source at once; enumeration then throws an <see cref="OperationCanceledException"/>.
    /// </param>
    /// <returns>
    /// The batches, in order. Stopping early (a <c>break</c>, or cancellation) stops the source too, so that its
    /// <c>finally</c> blocks run. An error of the source ends the stream with that very exception.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxSize"/> is below 1 or <paramref name="maxWait"/> is not above zero (thrown when enumeration starts).
    /// </exception>
    public static async IAsyncEnumerable<IReadOnlyList<T>> Batch<T>(
        this IAsyncEnumerable<T> source, int maxSize, TimeSpan maxWait, TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxWait, TimeSpan.Zero);
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(maxSize) { SingleReader = true, SingleWriter = true });
        using var stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = PumpAsync(source, channel.Writer, stopSource.Token);
        try
        {
            var more = true;
            while (more)
            {
                var batch = new List<T>(maxSize);
                using (var window = new CancellationTokenSource(maxWait, timeProvider))
                using (var windowOrCaller = CancellationTokenSource.CreateLinkedTokenSource(window.Token, cancellationToken))
                {
                    try
                    {
                        while (batch.Count < maxSize)
                        {
                            if (channel.Reader.TryRead(out var item)) batch.Add(item);
                            else if (!await channel.Reader.WaitToReadAsync(windowOrCaller.Token)) { more = false; break; }
                        }
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
                }
                yield return batch; // even when empty
            }
        }
        finally
        {
            stopSource.Cancel();
            await producer;
        }
    }

    /// <summary>Reads items into <paramref name="batch"/> until it is full, the window ends or the source ends.</summary>
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

    /// <summary>The producer: copies the source into the channel, then completes it (with the source's error, if any).</summary>
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
