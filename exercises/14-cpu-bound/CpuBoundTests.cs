using NUnit.Framework.Interfaces;

namespace Katas.CpuBound;

/// <summary>CPU work off the caller's thread: correct, responsive, cancellable, with progress.</summary>
public class CpuBoundTests
{
    private const int ChunkSize = 1024;

    /// <summary>10,000 bytes: nine chunks of 1024 bytes and a last one of 784.</summary>
    private static readonly byte[] Data = [.. Enumerable.Range(0, 10_000).Select(i => (byte)(i * 31 % 251))];

    private static readonly int[] ChunkLengths = [1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 784];

    private VirtualRuntime _runtime = null!;
    private CancellationTokenSource _stop = null!;
    private ChunkProbe _probe = null!;

    [SetUp]
    public void CreateRuntime()
    {
        _runtime = new VirtualRuntime();
        _stop = new CancellationTokenSource();
        _probe = new ChunkProbe(_runtime);
    }

    [TearDown]
    public void CleanUp()
    {
        // Every test passes _stop.Token (or a token linked to it): cancelling it lets go of whatever a wrong
        // answer left waiting or blocked, and after a failure the runtime drains that work here, so that it
        // does not spill into the next test.
        _stop.Cancel();
        _stop.Dispose();
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Passed)
        {
            try { _runtime.RunUntilIdle(); } catch (AssertionException) { }
        }
        _runtime.Dispose();
    }

    [Test]
    public void The_checksum_is_the_hash_of_all_the_data_chunk_by_chunk()
    {
        var outcome = _runtime.Run(() => Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, null, _stop.Token));

        Assert.That(outcome.Value, Is.EqualTo(Fnv1a.Hash(Fnv1a.Seed, Data)),
            "the result should be the FNV-1a hash of all the data, the chunks folded in order from Fnv1a.Seed");
        Assert.That(_probe.ChunkLengths, Is.EqualTo(ChunkLengths),
            "10,000 bytes in chunks of 1024: nine full chunks and a last one of 784 bytes, each hashed once, in order");
    }

    [Test]
    public void The_checksum_of_foobar_is_its_published_FNV_1a_hash()
    {
        // The published FNV-1a 64-bit test vector: the checksum must be the real hash, not only whatever the given
        // hasher computes, so this test uses no probe.
        const ulong FooBar = 0x85944171F73967E8;

        var outcome = _runtime.Run(() => Checksum.ComputeAsync("foobar"u8.ToArray(), 4, Fnv1a.Hash, null, _stop.Token));

        var checksum = outcome.Value;
        Assert.That(checksum, Is.EqualTo(FooBar),
            $"the 64-bit FNV-1a hash of the six bytes \"foobar\", in chunks of 4 (\"foob\", \"ar\"), is 0x{FooBar:X16}; " +
            $"the checksum was 0x{checksum:X16}");
    }

    [Test]
    public void Data_that_divides_into_whole_chunks_is_hashed_in_exactly_that_many_chunks()
    {
        var data = Data.AsMemory(0, 8 * ChunkSize);
        var lengths = new System.Collections.Concurrent.ConcurrentQueue<int>();
        ChunkHasher hasher = (hash, chunk) =>
        {
            lengths.Enqueue(chunk.Length);
            return Fnv1a.Hash(hash, chunk);
        };
        var progress = new RecordingProgress(_probe);

        var outcome = _runtime.Run(() => Checksum.ComputeAsync(data, ChunkSize, hasher, progress, _stop.Token));

        Assert.That(outcome.Value, Is.EqualTo(Fnv1a.Hash(Fnv1a.Seed, data.Span)), "the hash of all the 8192 bytes");
        Assert.That(lengths, Is.EqualTo(Enumerable.Repeat(ChunkSize, 8)),
            $"8192 bytes in chunks of 1024 are exactly eight full chunks; the hasher was given chunks of [{string.Join(", ", lengths)}] " +
            "bytes. The loop ends when the offset reaches the end of the data: no empty chunk after the last one.");
        Assert.That(_probe.Log, Is.EqualTo(Enumerable.Range(1, 8).Select(i => $"progress: {i * ChunkSize} bytes")),
            "one progress report per chunk, of the bytes hashed so far: 1024, 2048, ... 8192");
    }

    [Test]
    public void The_call_returns_before_the_first_chunk_is_hashed()
    {
        var outcome = _runtime.Run(async () =>
        {
            var hashing = Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, null, _stop.Token);
            var doneWhenReturned = _probe.ChunksDone;
            await hashing;
            return doneWhenReturned;
        });

        Assert.That(outcome.Value, Is.Zero,
            $"ComputeAsync returned to its caller only after {outcome.Value} of 10 chunks were hashed: it ran the CPU " +
            "work on the caller's thread before returning (an async method runs synchronously until its first await, " +
            "and a method with no await never lets go). Offload the loop with Task.Run, which returns at once.");
        Assert.That(_probe.ChunksDone, Is.EqualTo(10), "all 10 chunks are hashed by the time the task completes");
    }

    [Test]
    public void The_event_loop_stays_free_during_every_chunk()
    {
        var outcome = _runtime.Run(() => Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, null, _stop.Token));

        Assert.That(outcome.Value, Is.EqualTo(Fnv1a.Hash(Fnv1a.Seed, Data)), "the hash of all the data");
        Assert.That(_probe.ChunksOnTheLoop, Is.Zero,
            $"{_probe.ChunksOnTheLoop} of the 10 chunks were hashed on the event loop's only thread, the caller's thread: " +
            "while they ran, nothing else on the loop could (a UI would freeze). Run the CPU work on the thread pool " +
            "with Task.Run; awaiting Task.Yield() or Task.Delay first does not help, the rest still comes back to the loop.");
        Assert.That(_probe.HeartbeatsAnswered, Is.EqualTo(10),
            "during each of the 10 chunks, the event loop should answer a heartbeat: it is free while the work runs");
    }

    [Test]
    public void Progress_is_reported_after_each_chunk_with_the_bytes_hashed_so_far()
    {
        var progress = new RecordingProgress(_probe);

        var outcome = _runtime.Run(() => Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, progress, _stop.Token));

        Assert.That(outcome.Value, Is.EqualTo(Fnv1a.Hash(Fnv1a.Seed, Data)), "the hash of all the data");
        var expected = new List<string>();
        var done = 0;
        for (var i = 0; i < ChunkLengths.Length; i++)
        {
            done += ChunkLengths[i];
            expected.Add($"chunk {i + 1} hashed");
            expected.Add($"progress: {done} bytes");
        }
        Assert.That(_probe.Log, Is.EqualTo(expected),
            "right after each chunk, one report of the bytes hashed so far (1024, 2048, ... 10000): " +
            "report from inside the loop over the chunks, after the chunk, not before it and not only at the end");
    }

    [Test]
    public void Progress_of_T_created_on_the_event_loop_reports_there_in_order()
    {
        var outcome = _runtime.Run(async () =>
        {
            var reports = new List<(long Bytes, bool OnTheLoop)>();
            // Progress<T> captures the SynchronizationContext of the thread that creates it (the event loop)
            // and posts every report there, whichever thread calls Report.
            var progress = new Progress<long>(bytes => reports.Add((bytes, _probe.IsOnTheLoop)));
            await Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, progress, _stop.Token);
            return reports.ToArray(); // the reports delivered by the time the await returned
        });

        long[] expected = [1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192, 9216, 10_000];
        var arrived = outcome.Value.Select(r => r.Bytes).ToArray();
        Assert.That(arrived, Is.EqualTo(expected), ProgressMessage(expected, arrived));
        Assert.That(outcome.Value.Select(r => r.OnTheLoop), Is.All.True, "a Progress<T> created on the event loop reports on the event loop");
    }

    /// <summary>What arrived, against what was expected; a cause only where what was seen points to one.</summary>
    private string ProgressMessage(long[] expected, long[] arrived)
    {
        var seen = $"Expected the reports [{string.Join(", ", expected)}] by the time the caller's await returned; " +
                   $"[{string.Join(", ", arrived)}] arrived. ";
        if (_probe.ChunksOnTheLoop > 0)
            return seen + "The chunks were hashed on the event loop itself, so the reports that Progress<T> posted to the loop " +
                   "could not be delivered while the work ran. Run the work on the thread pool.";
        if (arrived.Length < expected.Length && arrived.SequenceEqual(expected.Take(arrived.Length)))
            return seen + "Those that arrived are right, the rest came too late: each report is posted to the loop, and " +
                   "should be posted before the work finishes. Report after each chunk, from the worker.";
        return seen + "Report, after each chunk, the bytes hashed so far (the chunks done times their length, the last one " +
               "shorter), once per chunk, in order.";
    }

    [Test]
    public void A_cancelled_run_ends_cancelled_with_the_callers_token()
    {
        // Not disposed: the tear-down's _stop.Cancel() must reach it, to release what a wrong answer left blocked on it.
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _probe.DuringChunk = chunk => { if (chunk == 3) cts.Cancel(); };

        var outcome = _runtime.Run(() => Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, null, cts.Token));

        AssertCancelledWith(outcome, cts.Token, "cancelled during chunk 3", thrownByTheCall: false);
    }

    /// <summary>
    /// A cancelled run ends the way Task.Run(work, token) ends when the work calls token.ThrowIfCancellationRequested():
    /// Canceled, not Faulted, and its OperationCanceledException carries the caller's token.
    /// </summary>
    private static void AssertCancelledWith(Outcome outcome, CancellationToken token, string when, bool thrownByTheCall)
    {
        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"{when}, the caller should see an OperationCanceledException; the call {outcome}");
        Assert.That(thrownByTheCall, Is.False,
            $"{when}, ComputeAsync threw the OperationCanceledException itself instead of returning a task: a caller that " +
            "expects cancellation from its await never sees it there. Return a task that is already cancelled: " +
            "Task.Run(work, cancellationToken) does so when the token is cancelled before the work starts.");
        Assert.That(outcome.Task.Status, Is.EqualTo(TaskStatus.Canceled),
            $"{when}, the task should end Canceled, as Task.Run(work, cancellationToken) does when the work calls " +
            $"cancellationToken.ThrowIfCancellationRequested(); it ended {outcome.Task.Status} with " +
            $"{outcome.Exception?.GetType().Name}(\"{outcome.Exception?.Message}\"). An OperationCanceledException ends a " +
            "Task.Run's task Canceled only when it carries the token that Task.Run was given.");
        Assert.That(((OperationCanceledException)outcome.Exception!).CancellationToken, Is.EqualTo(token),
            $"{when}, the OperationCanceledException should carry the caller's token, as ThrowIfCancellationRequested's does, " +
            "so that the caller can tell its own cancellation from another; it carries another token " +
            "(a new OperationCanceledException() carries none).");
    }

    [Test]
    public void Cancellation_stops_the_work_at_the_next_chunk()
    {
        // Not disposed: the tear-down's _stop.Cancel() must reach it, to release what a wrong answer left blocked on it.
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _probe.DuringChunk = chunk => { if (chunk == 3) cts.Cancel(); };

        var outcome = _runtime.Run(() => Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, null, cts.Token));

        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(),
            $"the token was cancelled during chunk 3: the caller should see an OperationCanceledException; the call {outcome}");
        Assert.That(_probe.ChunksDone, Is.EqualTo(3),
            $"cancelled during chunk 3, the work should stop before chunk 4, but {_probe.ChunksDone} chunks were hashed: " +
            "CPU work cannot be interrupted, it must check the token itself, before each chunk " +
            "(cancellationToken.ThrowIfCancellationRequested()). Passing the token to Task.Run only checks it once, before the start.");
    }

    [Test]
    public void A_token_cancelled_before_the_start_hashes_nothing()
    {
        _stop.Cancel();

        var thrownByTheCall = false;
        var outcome = _runtime.Run(() =>
        {
            try
            {
                return Checksum.ComputeAsync(Data, ChunkSize, _probe.Hash, null, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                thrownByTheCall = true;
                throw;
            }
        });

        AssertCancelledWith(outcome, _stop.Token, "with a token cancelled before the call", thrownByTheCall);
        Assert.That(_probe.ChunksStarted, Is.Zero, "with a token cancelled before the call, no chunk is hashed");
    }

    [Test]
    public void A_chunk_size_below_one_is_rejected()
    {
        var outcome = _runtime.Run(() => Checksum.ComputeAsync(Data, 0, _probe.Hash, null, _stop.Token));

        Assert.That(outcome.Exception, Is.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("chunkSize"),
            $"a chunk size of 0 would never get through the data: reject it with an ArgumentOutOfRangeException for chunkSize; the call {outcome}");
        Assert.That(_probe.ChunksStarted, Is.Zero, "nothing is hashed");
    }

    /// <summary>
    /// A <see cref="ChunkHasher"/> that watches the work: which chunks it is given, on which thread, and
    /// whether the event loop stays free. During each chunk, unless it runs on the loop itself, it sends the
    /// loop a heartbeat and waits until the loop has handled it: proof that the loop is free while the work runs.
    /// </summary>
    private sealed class ChunkProbe(VirtualRuntime runtime)
    {
        /// <summary>Only a guard against a thread left blocked forever: the watchdog fails the test long before.</summary>
        private static readonly TimeSpan HeartbeatGuard = TimeSpan.FromSeconds(10);

        private readonly object _gate = new();
        private readonly List<int> _lengths = [];
        private readonly List<string> _log = [];
        private int _started, _done, _onTheLoop, _heartbeats;

        /// <summary>Runs in the middle of chunk n (1-based), on the worker's thread: e.g. cancel a token.</summary>
        public Action<int> DuringChunk { get; set; } = _ => { };

        public int ChunksStarted => Volatile.Read(ref _started);
        public int ChunksDone => Volatile.Read(ref _done);
        public int ChunksOnTheLoop => Volatile.Read(ref _onTheLoop);
        public int HeartbeatsAnswered => Volatile.Read(ref _heartbeats);
        public IReadOnlyList<int> ChunkLengths { get { lock (_gate) return [.. _lengths]; } }
        public IReadOnlyList<string> Log { get { lock (_gate) return [.. _log]; } }

        public bool IsOnTheLoop => runtime.Context is EventLoop { IsLoopThread: true };

        public void Record(string what)
        {
            lock (_gate) _log.Add(what);
        }

        public ulong Hash(ulong hash, ReadOnlySpan<byte> chunk)
        {
            var n = Interlocked.Increment(ref _started);
            ThrowUnlessTheNextChunk(n, hash, chunk);
            lock (_gate) _lengths.Add(chunk.Length);
            if (IsOnTheLoop) Interlocked.Increment(ref _onTheLoop);
            else HeartbeatFromTheLoop();
            DuringChunk(n);
            var result = Fnv1a.Hash(hash, chunk);
            Interlocked.Increment(ref _done);
            Record($"chunk {n} hashed");
            return result;
        }

        /// <summary>
        /// The contract: chunk n is bytes (n-1)*ChunkSize onwards, folded into the hash of all the chunks before it.
        /// Anything else is refused at once, by the call itself, so the verdict never depends on which thread got
        /// there first (chunks hashed in parallel arrive in any order, each from the seed).
        /// </summary>
        private static void ThrowUnlessTheNextChunk(int n, ulong hash, ReadOnlySpan<byte> chunk)
        {
            var offset = (n - 1) * ChunkSize;
            if (offset >= Data.Length)
                throw new InvalidOperationException(
                    $"The hasher was called a {Ordinal(n)} time, but the {Data.Length} bytes make {CpuBoundTests.ChunkLengths.Length} chunks: each chunk is hashed once.");
            var expected = Data.AsSpan(offset, Math.Min(ChunkSize, Data.Length - offset));
            if (!chunk.SequenceEqual(expected))
                throw new InvalidOperationException(
                    $"The {Ordinal(n)} call of the hasher should get the {Ordinal(n)} chunk, bytes {offset} to {offset + expected.Length - 1} " +
                    $"({expected.Length} bytes); it got {chunk.Length} other bytes. Hash the chunks one after the other, in order, each once.");
            var before = Fnv1a.Hash(Fnv1a.Seed, Data.AsSpan(0, offset));
            if (hash != before)
                throw new InvalidOperationException(
                    $"Chunk {n} should be folded into the hash of the chunks before it ({before}), but the hasher was given {hash}" +
                    (hash == Fnv1a.Seed ? " (Fnv1a.Seed)" : "") +
                    ": pass each chunk's result on to the next chunk (hash = hashChunk(hash, chunk)), one chunk after the other.");
        }

        private static string Ordinal(int n) => n switch
        {
            1 => "first", 2 => "second", 3 => "third",
            _ => n % 10 == 1 && n != 11 ? $"{n}st" : n % 10 == 2 && n != 12 ? $"{n}nd" : n % 10 == 3 && n != 13 ? $"{n}rd" : $"{n}th",
        };

        private void HeartbeatFromTheLoop()
        {
            using var answered = new ManualResetEventSlim();
#pragma warning disable VSTHRD001 // Posting to the loop directly is the point: a heartbeat, not a switch to a UI thread.
            runtime.Context.Post(_ => answered.Set(), null);
#pragma warning restore VSTHRD001
            if (!answered.Wait(HeartbeatGuard))
                throw new InvalidOperationException("The event loop never answered a heartbeat during a chunk: it was blocked.");
            Interlocked.Increment(ref _heartbeats);
        }
    }

    /// <summary>An IProgress that records each report at once, on the reporting thread, in the probe's log.</summary>
    private sealed class RecordingProgress(ChunkProbe probe) : IProgress<long>
    {
        public void Report(long value) => probe.Record($"progress: {value} bytes");
    }
}
