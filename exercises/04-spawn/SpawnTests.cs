using System.Collections.Concurrent;

namespace Katas.Spawn;

/// <summary>Helpers shared by the tests of this kata.</summary>
internal static class Check
{
    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    public static readonly string NL = Environment.NewLine;

    /// <summary>
    /// Spawns <paramref name="work"/> from the event loop, as code under test would, and returns a live outcome of
    /// the handle's own task, plus the handle (null if Spawn failed).
    /// </summary>
    public static (Outcome<T> Outcome, Func<SpawnHandle<T>?> Handle) SpawnOnTheLoop<T>(
        VirtualRuntime runtime, Func<CancellationToken, Task<T>> work)
    {
        SpawnHandle<T>? handle = null;
        var outcome = runtime.Start(() =>
        {
            handle = Background.Spawn(work);
            return handle.Task;
        });
        return (outcome, () => handle);
    }
}

/// <summary>Spawn hands back a handle at once; the work runs in the background.</summary>
public class SpawnTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    [Test]
    public void Spawn_returns_the_handle_before_the_work_reaches_its_first_await()
    {
        using var runtime = new VirtualRuntime();
        // The work's synchronous part (before its first await) blocks until the caller opens the gate, and the
        // caller opens it only once Spawn has returned. Work that runs on the caller's own thread could never be
        // let through: it notes that and skips the gate instead of deadlocking.
        using var gate = new ManualResetEventSlim();
        var log = new ConcurrentQueue<string>();
        Func<CancellationToken, Task<int>> work = async token =>
        {
            if (SynchronizationContext.Current == runtime.Context)
            {
                log.Enqueue("work ran on the caller's thread");
            }
            else
            {
                log.Enqueue("work started");
                gate.Wait(CancellationToken.None);
                log.Enqueue("work passed the gate");
            }
            await Task.Delay(Ms(10), runtime.Clock, token);
            return 42;
        };

        Outcome<int> outcome;
        try
        {
            outcome = runtime.Run(async () =>
            {
                var handle = Background.Spawn(work);
                log.Enqueue("spawn returned");
                gate.Set();
                return await handle;
            });
        }
        catch (AssertionException e) when (e.Message.StartsWith("The thread was blocked", StringComparison.Ordinal))
        {
            throw new AssertionException(BlockedWhileSpawning([.. log]) + Check.NL + Check.NL + e.Message);
        }
        finally
        {
            gate.Set();
        }

        Assert.That(log, Does.Not.Contain("work ran on the caller's thread"),
            "The work's synchronous part (everything before its first await) ran on the caller's thread, the event " +
            "loop. Calling work(token) directly runs it right there, and the caller waits until the work first " +
            "awaits; after an `await Task.Yield()` it still runs on the caller's context, blocking it while it " +
            "computes. Spawned work must start on the thread pool: Task.Run.");
        Assert.That(outcome.Value, Is.EqualTo(42), "awaiting the handle gives the work's result");
        Assert.That(log, Is.EqualTo(new[] { "work started", "spawn returned", "work passed the gate" }).Or
            .EqualTo(new[] { "spawn returned", "work started", "work passed the gate" }),
            "the handle must come back while the work is still in its synchronous part");
        TimelineAssert.CompletedAt(outcome, Ms(10), "the work waits 10 ms after its synchronous part.");
    }

    /// <summary>What the log of the gate test says about a blocked thread: who was waiting, as far as it shows.</summary>
    private static string BlockedWhileSpawning(IReadOnlyCollection<string> log) =>
        !log.Contains("spawn returned") && log.Contains("work started")
            ? "Background.Spawn did not come back while the work was still in its synchronous part (before its " +
              "first await): it waited for the work. Spawn must return the handle at once; whoever wants the result " +
              "awaits the handle."
            : !log.Contains("spawn returned")
                ? "Background.Spawn did not come back, and the work had not started either: Spawn blocked on " +
                  "something before the work ran."
                : "Background.Spawn returned the handle and the caller opened the gate, but then a thread stayed busy " +
                  "without awaiting (see below). Was a thread made to wait for the work to end (.Result, .Wait() or " +
                  ".GetAwaiter().GetResult() on the work's task, inside Task.Run or elsewhere)? Await the work instead.";

    [Test]
    public void The_caller_goes_on_with_its_own_work_while_the_spawned_work_runs()
    {
        using var runtime = new VirtualRuntime();
        var background = new FakeOperation<string>(runtime, "spawned work", Ms(100), "background result");

        Outcome<string> outcome;
        try
        {
            outcome = runtime.Run(async () =>
            {
                var handle = Background.Spawn<string>(background);
                runtime.Timeline.Record("caller", Timeline.Started);
                await Task.Delay(Ms(50), runtime.Clock);
                runtime.Timeline.Record("caller", Timeline.Completed);
                return await handle;
            });
        }
        catch (AssertionException e) when (background.Calls == 0 && e.Message.StartsWith("Not finished", StringComparison.Ordinal))
        {
            throw new AssertionException(
                "The spawned work never started, so awaiting its handle waits forever. A task made with new Task(...) " +
                "is cold until someone calls Start(); Task.Run creates and starts it." + Check.NL + Check.NL + e.Message);
        }

        Assert.That(outcome.Succeeded, Is.True,
            $"Expected the spawned work's result, but the caller {outcome}.{Check.NL}{Check.NL}{runtime.Timeline.Render()}");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("spawned work", 0, 100), Span.Of("caller", 0, 50)],
            "The spawned work starts at t=0, when Spawn is called, and runs while the caller does its own 50 ms of " +
            "work. Work that starts only when the handle is awaited is a Rust future, not a spawned task: C# tasks " +
            "are hot, start it in Spawn.",
            runtime.Now);
        Assert.That(outcome.Value, Is.EqualTo("background result"), "awaiting the handle gives the work's result");
        TimelineAssert.CompletedAt(outcome, Ms(100), "the spawned work is done at t=100 ms, when the caller awaits it.");
        Assert.That(background.Calls, Is.EqualTo(1), "the work runs once, however often its handle is looked at");
    }

    [Test]
    public void Awaiting_the_handle_rethrows_the_works_own_exception()
    {
        using var runtime = new VirtualRuntime();
        var diskFull = new IOException("disk full");
        var failing = FakeOperation<int>.Failing(runtime, "spawned work", Ms(20), diskFull);

        var outcome = runtime.Run(async () => await Background.Spawn<int>(failing));

        Assert.That(outcome.Exception, Is.SameAs(diskFull),
            $"The spawned work failed at t=20 ms with IOException(\"disk full\"), and whoever awaits the handle must " +
            $"get that very exception: not swallowed (a default result), not wrapped (AggregateException from .Result " +
            $"or task.Exception in a continuation). Awaiting the handle {outcome}." +
            $"{Check.NL}{Check.NL}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(20), "the failure reaches the awaiting caller when it happens.");
    }

    [Test]
    public void A_work_that_throws_before_its_first_await_fails_its_handle_not_the_spawn()
    {
        using var runtime = new VirtualRuntime();
        var badInput = new ArgumentException("bad input");
        // Not async: it throws the moment it is called, like argument checks at the top of a method.
        Func<CancellationToken, Task<int>> work = _ => throw badInput;

        var outcome = runtime.Run(async () =>
        {
            SpawnHandle<int> handle;
            try
            {
                handle = Background.Spawn(work);
            }
            catch (ArgumentException e) when (e == badInput)
            {
                throw new AssertionException(
                    "Background.Spawn itself threw the work's exception: it called the work on the caller's thread. " +
                    "Spawned work runs elsewhere (Task.Run), and its exceptions, early or late, reach whoever awaits " +
                    "the handle.");
            }
            return await handle;
        });

        Assert.That(outcome.Exception, Is.SameAs(badInput),
            $"Awaiting the handle must rethrow the work's own exception, as itself. Awaiting it {outcome}.");
    }

    [Test]
    public void IsFinished_says_whether_the_work_has_ended_in_any_way()
    {
        using var runtime = new VirtualRuntime();
        var working = new FakeOperation<int>(runtime, "working (100 ms)", Ms(100), 1);
        var failing = FakeOperation<int>.Failing(runtime, "failing (20 ms)", Ms(20), new IOException("disk full"));

        var (working1, workingHandle) = Check.SpawnOnTheLoop<int>(runtime, working);
        var (failing1, failingHandle) = Check.SpawnOnTheLoop<int>(runtime, failing);
        Assert.That(workingHandle(), Is.Not.Null, $"Spawn failed: {working1}");

        runtime.AdvanceTo(Ms(50));
        Assert.That(workingHandle()!.IsFinished, Is.False, "at t=50 ms the 100 ms work is still running: not finished");
        Assert.That(failingHandle()!.IsFinished, Is.True,
            $"the work that failed at t=20 ms has ended: a failure is finished too (task.IsCompleted, not " +
            $"IsCompletedSuccessfully). Its task {failing1}");

        runtime.AdvanceTo(Ms(100));
        Assert.That(workingHandle()!.IsFinished, Is.True, $"at t=100 ms the work is done: finished. Its task {working1}");
    }
}

/// <summary>Abort cancels the work's token; an aborted handle reports cancellation, not failure.</summary>
public class AbortTests
{
    private static TimeSpan Ms(double ms) => Check.Ms(ms);

    private static void AbortIfSpawned<T>(SpawnHandle<T>? handle) => handle?.Abort();

    [Test]
    public void Abort_cancels_the_works_token()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<int>(runtime, "spawned work", Ms(100), 1);
        var (outcome, handle) = Check.SpawnOnTheLoop<int>(runtime, work);
        runtime.At(Ms(30), () => AbortIfSpawned(handle()));

        runtime.RunToCompletion(outcome);

        Assert.That(handle(), Is.Not.Null, $"Spawn failed: {outcome}");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("spawned work", 0, 30, Timeline.Cancelled)],
            "Abort at t=30 ms must reach the work: the token the work received is cancelled then. A work that runs on " +
            "got a token that Abort does not cancel (or none at all).",
            runtime.Now);
        runtime.AssertNoPendingTimers("the aborted work's timer is still pending: its token was not cancelled.");
    }

    [Test]
    public void Awaiting_an_aborted_handle_reports_a_cancellation_not_a_failure()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<int>(runtime, "spawned work", Ms(100), 1);
        var (outcome, handle) = Check.SpawnOnTheLoop<int>(runtime, work);
        runtime.At(Ms(30), () => AbortIfSpawned(handle()));

        runtime.RunToCompletion(outcome);

        Assert.That(outcome.IsCanceled, Is.True,
            $"The handle was aborted at t=30 ms and the work stopped: the handle's task must be Canceled, so that a " +
            $"caller can tell an abort from a failure (task.IsCanceled, OperationCanceledException). It {outcome}." +
            $"{Check.NL}Was the cancellation turned into an exception of another kind, or wrapped in a continuation?" +
            $"{Check.NL}{Check.NL}{runtime.Timeline.Render()}");
        Assert.That(outcome.Exception, Is.InstanceOf<OperationCanceledException>(), "awaiting it throws an OperationCanceledException");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the aborted work stops at once.");
        Assert.That(handle()!.IsFinished, Is.True, "an aborted work that stopped has finished");
    }

    [Test]
    public void Abort_can_be_called_more_than_once()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<int>(runtime, "spawned work", Ms(100), 1);
        var (outcome, handle) = Check.SpawnOnTheLoop<int>(runtime, work);
        runtime.At(Ms(30), () => AbortIfSpawned(handle()));
        runtime.At(Ms(30), () => AbortIfSpawned(handle()));
        runtime.At(Ms(60), () => AbortIfSpawned(handle()));

        try
        {
            runtime.RunToCompletion(outcome);
        }
        catch (AssertionException e) when (e.Message.Contains(nameof(ObjectDisposedException), StringComparison.Ordinal))
        {
            throw new AssertionException(
                "Abort was called a second time and threw ObjectDisposedException: was the CancellationTokenSource " +
                "disposed by the first Abort? Like CancellationTokenSource.Cancel, Abort may be called any number " +
                "of times; every call after the first changes nothing." + Check.NL + Check.NL + e.Message);
        }

        Assert.That(outcome.IsCanceled, Is.True,
            $"The handle was aborted at t=30 ms (twice) and again at t=60 ms: it must end cancelled at t=30 ms, but " +
            $"it {outcome}.{Check.NL}{Check.NL}{runtime.Timeline.Render()}");
        TimelineAssert.CompletedAt(outcome, Ms(30), "the first Abort stops the work; the later ones change nothing.");
    }

    [Test]
    public void Abort_asks_and_the_handle_reports_how_a_work_that_ignores_its_token_really_ended()
    {
        using var runtime = new VirtualRuntime();
        Func<CancellationToken, Task<int>> stubborn = async _ =>
        {
            runtime.Timeline.Record("stubborn work", Timeline.Started);
            await Task.Delay(Ms(100), runtime.Clock, CancellationToken.None);
            runtime.Timeline.Record("stubborn work", Timeline.Completed);
            return 7;
        };
        var (outcome, handle) = Check.SpawnOnTheLoop(runtime, stubborn);
        runtime.At(Ms(30), () => AbortIfSpawned(handle()));

        try
        {
            runtime.RunToCompletion(outcome);
        }
        catch (AssertionException e) when (e.Message.StartsWith("The thread was blocked", StringComparison.Ordinal))
        {
            throw new AssertionException(
                "The test called Abort at t=30 ms on the event loop, and then a thread stayed blocked. Did Abort wait " +
                "for the work to end? Abort only asks (it cancels the token) and returns at once." +
                Check.NL + Check.NL + e.Message);
        }

        Assert.That(outcome.Succeeded, Is.True,
            $"The work ignores its token: aborted at t=30 ms, it runs on and returns 7 at t=100 ms. Cancellation in " +
            $".NET is cooperative, Abort only asks, and the handle reports how the work really ended (as Task.Run " +
            $"does), not a cancellation of its own (task.WaitAsync(token) would). It {outcome}." +
            $"{Check.NL}{Check.NL}{runtime.Timeline.Render()}");
        Assert.That(outcome.Value, Is.EqualTo(7), "the handle gives the result of the work that ran on");
        TimelineAssert.CompletedAt(outcome, Ms(100), "the work that ignored the abort ended at t=100 ms.");
    }

    [Test]
    public void Aborting_work_that_has_already_finished_changes_nothing()
    {
        using var runtime = new VirtualRuntime();
        var work = new FakeOperation<int>(runtime, "spawned work", Ms(20), 42);

        var outcome = runtime.Run(async () =>
        {
            var handle = Background.Spawn<int>(work);
            var first = await handle;
            handle.Abort();
            return (first, again: await handle, handle.IsFinished);
        });

        var disposed = outcome.Exception is ObjectDisposedException
            ? " Abort threw ObjectDisposedException: was the CancellationTokenSource disposed when the work ended? " +
              "A source without a timer or links needs no disposal."
            : "";
        Assert.That(outcome.Succeeded, Is.True,
            $"Aborting a handle whose work has finished must change nothing, like tokio's abort on a finished task: " +
            $"awaiting it again gives the same result. It {outcome}.{disposed}");
        Assert.That(outcome.Value, Is.EqualTo((42, 42, true)),
            "the handle still gives the work's result after the late abort, and it is still finished");
    }
}
