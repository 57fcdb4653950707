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
    public static IAsyncEnumerable<int> NumbersAsync(
        int count, TimeSpan period, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        // TODO: make this an async iterator (async IAsyncEnumerable<int>, [EnumeratorCancellation] on the
        // token) that waits one period on the injected clock, then yields the next number.
        throw new NotImplementedException(
            "Yield 1..count, one number per period of the TimeProvider, each as soon as it is ready.");
    }

    /// <summary>
    /// Adds up the numbers of <paramref name="source"/> as they arrive, and reports the running total after
    /// each one, at the moment it arrives.
    /// </summary>
    /// <param name="source">The numbers to add up.</param>
    /// <param name="runningTotal">Receives the total so far after every number.</param>
    /// <param name="cancellationToken">Stops the sum and the source at once; the task then ends cancelled.</param>
    /// <returns>The total of all the numbers, once the source has ended.</returns>
    public static Task<int> SumAsync(
        IAsyncEnumerable<int> source, IProgress<int> runningTotal, CancellationToken cancellationToken = default)
    {
        // TODO: await foreach over the source (giving it the token), report the total after each number.
        throw new NotImplementedException(
            "Consume the stream with await foreach, reporting the running total as each number arrives.");
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
    public static IAsyncEnumerable<IReadOnlyList<T>> Batch<T>(
        this IAsyncEnumerable<T> source, int maxSize, TimeSpan maxWait, TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        // TODO: an async iterator again. Run the source on its own, pouring its items into a Channel<T>,
        // and read the channel with a deadline (a CancellationTokenSource on the TimeProvider) that starts
        // with the first item of each batch. Stop the source and wait for it in a finally block.
        throw new NotImplementedException(
            "Emit batches of up to maxSize items, or fewer when maxWait has passed since the batch's first item.");
    }
}
