namespace Katas.AsyncLock;

/// <summary>Many updates at once, each with an await inside its critical section: nothing is lost.</summary>
public class ConcurrentUpdateTests
{
    [Test]
    public void A_hundred_concurrent_deposits_lose_nothing()
    {
        using var runtime = new VirtualRuntime();
        var ledger = new FakeLedger(runtime);
        var account = new BankAccount(ledger);

        var outcome = runtime.Run(() => Task.WhenAll(Enumerable.Range(0, 100).Select(_ => account.DepositAsync(1))));

        Assert.That(account.Balance, Is.EqualTo(100m),
            $"100 deposits of 1 left a balance of {account.Balance}: {100 - account.Balance} were lost. " +
            $"Up to {ledger.PeakWritesAtOnce} updates were inside the critical section at once: each read the " +
            "balance, awaited the ledger, then wrote its own stale result over the others'. " +
            "The critical section must hold across the await.");
        Assert.That(ledger.Entries.Select(e => e.BalanceAfter), Is.EqualTo(Enumerable.Range(1, 100).Select(i => (decimal)i)),
            "each ledger entry should follow the one before it: 1, 2, 3, ... 100");
        Assert.That(outcome.Value.Order(), Is.EqualTo(Enumerable.Range(1, 100).Select(i => (decimal)i)),
            "each deposit returns the balance right after it, so the 100 results are 1 to 100");
        TimelineAssert.CompletedAt(outcome, Ms(1000),
            "the 100 ledger writes of 10 ms each should run one at a time, 100 x 10 ms");
    }

    [Test]
    public void Updates_wait_for_their_turn_and_run_one_at_a_time()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime));

        var outcome = runtime.Run(() => Task.WhenAll(account.DepositAsync(10), account.DepositAsync(20), account.DepositAsync(30)));

        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 10", 0, 10), Span.Of("deposit 20", 10, 20), Span.Of("deposit 30", 20, 30)],
            "each update should wait for the one before it to finish (the lock is held across the ledger write), " +
            "so the three ledger writes run one after the other:", runtime.Now);
        Assert.That(outcome.Value, Is.EqualTo(new[] { 10m, 30m, 60m }), "each deposit returns the balance right after it");
        Assert.That(account.Balance, Is.EqualTo(60m));
    }

    [Test]
    public void Two_withdrawals_cannot_spend_the_same_money()
    {
        using var runtime = new VirtualRuntime();
        var ledger = new FakeLedger(runtime);
        var account = new BankAccount(ledger, openingBalance: 100);

        var first = runtime.Start(() => account.WithdrawAsync(80));
        var second = runtime.Start(() => account.WithdrawAsync(70));
        runtime.AdvanceTo(Ms(100));

        Assert.That(first.Succeeded && second.Succeeded, Is.False,
            $"Both withdrawals succeeded: 150 was spent from a balance of 100 (the balance is now {account.Balance}). " +
            "The second one checked the balance before the first had written its own: the check, the ledger write " +
            "and the balance write must be one critical section.");
        Assert.That(first.Value, Is.EqualTo(20m), "the first withdrawal takes 80 of 100");
        Assert.That(second.Exception, Is.TypeOf<InsufficientFundsException>(),
            $"the second withdrawal should wait for the first, then find 20 left and be refused; it {second}");
        TimelineAssert.CompletedAt(second, Ms(10), "the second withdrawal is refused as soon as it gets its turn, when the first is done");
        Assert.That(account.Balance, Is.EqualTo(20m));
        Assert.That(ledger.Entries, Is.EqualTo(new[] { new LedgerEntry(-80, 20) }), "a refused withdrawal writes nothing to the ledger");
    }

    [Test]
    public void A_refused_withdrawal_says_how_much_was_asked_and_what_balance_it_found()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime), openingBalance: 100);

        var first = runtime.Start(() => account.WithdrawAsync(80));
        var second = runtime.Start(() => account.WithdrawAsync(70));
        runtime.AdvanceTo(Ms(100));

        Assert.That(first.Value, Is.EqualTo(20m), "the first withdrawal takes 80 of 100");
        if (second.Exception is not InsufficientFundsException refused)
            throw new AssertionException(
                $"The withdrawal of 70, which waits for the withdrawal of 80 and then finds 20, must be refused with an " +
                $"InsufficientFundsException; it {second}." + Environment.NewLine + runtime.Timeline.Render());
        Assert.That((refused.Amount, refused.Balance), Is.EqualTo((70m, 20m)),
            "(Amount, Balance) of the InsufficientFundsException: the amount the withdrawal asked for (positive, as the " +
            "caller wrote it) and the balance it found when its turn came");
    }

    [Test]
    public void Withdrawing_the_whole_balance_is_allowed()
    {
        using var runtime = new VirtualRuntime();
        var ledger = new FakeLedger(runtime);
        var account = new BankAccount(ledger, openingBalance: 50);

        var first = runtime.Start(() => account.WithdrawAsync(30));
        var second = runtime.Start(() => account.WithdrawAsync(20));
        runtime.AdvanceTo(Ms(100));

        Assert.That(second.Succeeded, Is.True,
            "The second withdrawal takes the last 20 of 50, which leaves 0: not an overdraft. Only a withdrawal larger " +
            $"than the balance is refused. The withdrawal of 20 {second}.");
        Assert.That((first.Value, second.Value), Is.EqualTo((20m, 0m)), "the balance right after each withdrawal");
        Assert.That(ledger.Entries, Is.EqualTo(new[] { new LedgerEntry(-30, 20), new LedgerEntry(-20, 0) }),
            "the ledger records both withdrawals, one after the other");
        Assert.That(account.Balance, Is.Zero);
    }

    [Test]
    public void Two_accounts_do_not_wait_for_each_other()
    {
        using var runtime = new VirtualRuntime();
        var mine = new BankAccount(new FakeLedger(runtime));
        var yours = new BankAccount(new FakeLedger(runtime));

        var outcome = runtime.Run(() => Task.WhenAll(mine.DepositAsync(10), yours.DepositAsync(20), mine.DepositAsync(30)));

        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 10", 0, 10), Span.Of("deposit 20", 0, 10), Span.Of("deposit 30", 10, 20)],
            "each account has a lock of its own (a field of the account, not a static one shared by every account): the " +
            "deposit of 20 to another account runs at once, alongside the deposit of 10; only the deposit of 30 to the " +
            "same account waits for its turn:", runtime.Now);
        Assert.That(outcome.Value, Is.EqualTo(new[] { 10m, 20m, 40m }), "each deposit returns its own account's balance right after it");
        Assert.That((mine.Balance, yours.Balance), Is.EqualTo((40m, 20m)));
    }

    internal static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);
}

/// <summary>An update that throws inside the critical section still gives the lock back.</summary>
public class ExceptionInsideTheLockTests
{
    private static TimeSpan Ms(double ms) => ConcurrentUpdateTests.Ms(ms);

    [Test]
    public void A_refused_withdrawal_releases_the_lock()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime), openingBalance: 10);

        var a = runtime.Start(() => account.DepositAsync(10));
        var b = runtime.Start(() => account.WithdrawAsync(50));
        var c = runtime.Start(() => account.DepositAsync(5));
        runtime.AdvanceTo(Ms(100));

        Assert.That(c.IsCompleted, Is.True,
            $"The deposit queued after a refused withdrawal is still waiting at t={Format.Ms(runtime.Now)}: the " +
            "withdrawal threw while it held the lock and never gave it back. Release the lock in a finally block." +
            Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.CompletedAt(c, Ms(20),
            "the deposit of 5 should wait for the deposit of 10 (0-10 ms) and the refused withdrawal, then write for 10 ms");
        Assert.That(c.Value, Is.EqualTo(25m));
        Assert.That(b.Exception, Is.TypeOf<InsufficientFundsException>(), $"the withdrawal of 50 from 20 {b}");
        TimelineAssert.CompletedAt(b, Ms(10), "the withdrawal is refused when it gets its turn, after the deposit of 10");
        Assert.That(a.Value, Is.EqualTo(20m));
        Assert.That(account.Balance, Is.EqualTo(25m));
    }

    [Test]
    public void After_a_refused_withdrawal_the_lock_still_admits_one_caller_at_a_time()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime), openingBalance: 10);

        var refused = runtime.Start(() => account.WithdrawAsync(50));
        var outcomes = new[]
        {
            runtime.Start(() => account.DepositAsync(5)),
            runtime.Start(() => account.DepositAsync(7)),
        };
        runtime.AdvanceTo(Ms(100));

        Assert.That(refused.Exception, Is.TypeOf<InsufficientFundsException>(), $"the withdrawal of 50 from 10 {refused}");
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 5", 0, 10), Span.Of("deposit 7", 10, 20)],
            "A refused withdrawal gives the lock back exactly once (in the finally block, not also before it throws: a " +
            "second Release lets two callers in at once), so the deposits after it still take turns:", runtime.Now);
        Assert.That(outcomes.Select(o => (o.CompletedAt, o.Value)), Is.EqualTo(new[] { (Ms(10), 15m), (Ms(20), 22m) }),
            "(completed at, balance right after) of the deposits of 5 and 7");
        Assert.That(account.Balance, Is.EqualTo(22m));
    }

    [Test]
    public void A_failed_ledger_write_releases_the_lock_and_changes_nothing()
    {
        using var runtime = new VirtualRuntime();
        var failure = new IOException("the ledger is unavailable");
        var ledger = new FakeLedger(runtime) { FailWith = entry => entry.Amount == 20 ? failure : null };
        var account = new BankAccount(ledger);

        var a = runtime.Start(() => account.DepositAsync(10));
        var b = runtime.Start(() => account.DepositAsync(20));
        var c = runtime.Start(() => account.DepositAsync(30));
        runtime.AdvanceTo(Ms(100));

        Assert.That(c.IsCompleted, Is.True,
            $"The deposit queued after a failed ledger write is still waiting at t={Format.Ms(runtime.Now)}: the " +
            "failed update never gave the lock back. Release the lock in a finally block." +
            Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 10", 0, 10), Span.Of("deposit 20", 10, 20, Timeline.Failed), Span.Of("deposit 30", 20, 30)],
            "the three updates take turns; the failed one gives the lock back when it fails:", runtime.Now);
        Assert.That(b.Exception, Is.SameAs(failure), $"the ledger's own exception reaches the caller unchanged; the deposit of 20 {b}");
        Assert.That(c.Value, Is.EqualTo(40m), "the failed deposit of 20 does not count");
        Assert.That(account.Balance, Is.EqualTo(40m));
        Assert.That(a.Value, Is.EqualTo(10m));
    }
}

/// <summary>Cancellation while waiting for the lock, or while holding it, neither takes nor leaks it.</summary>
public class CancellationTests
{
    private const string WaitWithTheToken =
        "a caller cancelled while it waits for the lock gives up at once, not when its turn comes: pass the token to WaitAsync";

    private static TimeSpan Ms(double ms) => ConcurrentUpdateTests.Ms(ms);

    [Test]
    public void A_caller_cancelled_while_waiting_for_the_lock_never_takes_it()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime));
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(5), cts.Cancel);

        var a = runtime.Start(() => account.DepositAsync(10));
        var b = runtime.Start(() => account.DepositAsync(20, cts.Token));
        var c = runtime.Start(() => account.DepositAsync(30));
        runtime.AdvanceTo(Ms(100));

        Assert.That(b.IsCanceled, Is.True, $"the deposit of 20, cancelled at t=5 ms, should end cancelled; it {b}");
        TimelineAssert.CompletedAt(b, Ms(5), WaitWithTheToken);
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 10", 0, 10), Span.Of("deposit 30", 10, 20)],
            "The deposit of 20 waits for the lock and is cancelled at t=5 ms, so it never reaches the ledger; " +
            "the deposit of 30 gets the lock when the deposit of 10 gives it back, not before:", runtime.Now);
        Assert.That(c.Value, Is.EqualTo(40m));
        Assert.That(account.Balance, Is.EqualTo(40m), "the cancelled deposit does not count");
        Assert.That(a.Value, Is.EqualTo(10m));
    }

    [Test]
    public void After_a_cancelled_wait_the_lock_still_admits_one_caller_at_a_time()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime));
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(5), cts.Cancel);

        var outcomes = new[]
        {
            runtime.Start(() => account.DepositAsync(10)),
            runtime.Start(() => account.DepositAsync(20, cts.Token)),
            runtime.Start(() => account.DepositAsync(30)),
            runtime.Start(() => account.DepositAsync(40)),
        };
        runtime.AdvanceTo(Ms(100));

        Assert.That(outcomes[1].IsCanceled, Is.True, $"the deposit of 20, cancelled at t=5 ms, should end cancelled; it {outcomes[1]}");
        TimelineAssert.CompletedAt(outcomes[1], Ms(5), WaitWithTheToken);
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 10", 0, 10), Span.Of("deposit 30", 10, 20), Span.Of("deposit 40", 20, 30)],
            "A caller cancelled while waiting must not give back a lock it never took (a Release after a WaitAsync " +
            "that threw lets two callers in at once): the others still take turns, one at a time:", runtime.Now);
        Assert.That(new[] { outcomes[0], outcomes[2], outcomes[3] }.Select(o => (o.CompletedAt, o.Value)),
            Is.EqualTo(new[] { (Ms(10), 10m), (Ms(20), 40m), (Ms(30), 80m) }),
            "(completed at, balance right after) of the deposits of 10, 30 and 40");
        Assert.That(account.Balance, Is.EqualTo(80m));
    }

    [Test]
    public void A_caller_cancelled_while_holding_the_lock_gives_it_back()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime));
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(5), cts.Cancel);

        var a = runtime.Start(() => account.DepositAsync(10, cts.Token));
        var b = runtime.Start(() => account.DepositAsync(20));
        runtime.AdvanceTo(Ms(100));

        Assert.That(b.IsCompleted, Is.True,
            $"The deposit queued after a cancelled one is still waiting at t={Format.Ms(runtime.Now)}: the " +
            "cancelled update never gave the lock back. Release the lock in a finally block." +
            Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 10", 0, 5, Timeline.Cancelled), Span.Of("deposit 20", 5, 15)],
            "the deposit of 10 is cancelled at t=5 ms while it writes to the ledger; the deposit of 20 waits for " +
            "its turn and takes the lock right then:", runtime.Now);
        Assert.That(a.IsCanceled, Is.True, $"the cancelled deposit {a}");
        Assert.That(b.Value, Is.EqualTo(20m), "the cancelled deposit does not count");
        Assert.That(account.Balance, Is.EqualTo(20m));
    }
}

/// <summary>Waiting for the lock is an await: the single-threaded event loop stays free, so no deadlock.</summary>
public class EventLoopTests
{
    private static TimeSpan Ms(double ms) => ConcurrentUpdateTests.Ms(ms);

    [Test]
    public void Waiting_for_the_lock_leaves_the_event_loop_free()
    {
        using var runtime = new VirtualRuntime();
        var account = new BankAccount(new FakeLedger(runtime));
        runtime.At(Ms(5), () => runtime.Timeline.Record("heartbeat", "the event loop ran a step of its own"));

        var (a, b) = ExplainingABlockedLoop(() =>
        {
            var a = runtime.Start(() => account.DepositAsync(10));
            var b = runtime.Start(() => account.DepositAsync(20));
            runtime.AdvanceTo(Ms(100));
            return (a, b);
        });

        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("deposit 10", 0, 10), Span.Of("deposit 20", 10, 20)],
            "the second deposit waits for the first to give the lock back:", runtime.Now);
        Assert.That(runtime.Timeline.Of("heartbeat").Select(e => e.At), Is.EqualTo(new[] { Ms(5) }),
            "while the second deposit waited for the lock, the event loop should still run other work (a heartbeat at t=5 ms)");
        Assert.That((a.Value, b.Value), Is.EqualTo((10m, 30m)));
    }

    /// <summary>Turns the watchdog's "blocked thread" into the deadlock it is in this kata.</summary>
    private static T ExplainingABlockedLoop<T>(Func<T> steps)
    {
        try
        {
            return steps();
        }
        catch (AssertionException e) when (e.Message.StartsWith("The thread was blocked", StringComparison.Ordinal))
        {
            throw new AssertionException(
                "Deadlock: while one caller waited for the lock, the event loop's only thread was blocked, so the " +
                "holder could never continue and give the lock back. Wait for a SemaphoreSlim with " +
                "`await semaphore.WaitAsync(token)`, never `semaphore.Wait()`, and never block on a task inside a lock." +
                Environment.NewLine + Environment.NewLine + e.Message);
        }
    }
}

/// <summary>
/// A ledger whose every write takes 10 ms on the fake clock. It draws each write on the timeline
/// ("deposit 10", "withdraw 80"), keeps the entries it recorded, and can be told to fail a write.
/// </summary>
internal sealed class FakeLedger(VirtualRuntime runtime) : ILedger
{
    public static readonly TimeSpan WriteTime = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrencyGauge _writes = new();
    private readonly List<LedgerEntry> _entries = [];

    /// <summary>The entries recorded, in order.</summary>
    public IReadOnlyList<LedgerEntry> Entries => _entries;

    /// <summary>The most writes that were ever in progress at once.</summary>
    public int PeakWritesAtOnce => _writes.Peak;

    /// <summary>An exception to throw at the end of the write of a given entry; null to succeed.</summary>
    public Func<LedgerEntry, Exception?> FailWith { get; init; } = _ => null;

    public async Task AppendAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var lane = entry.Amount >= 0 ? $"deposit {entry.Amount}" : $"withdraw {-entry.Amount}";
        using var _ = _writes.Enter();
        runtime.Timeline.Record(lane, Timeline.Started);
        try
        {
            await Task.Delay(WriteTime, runtime.Clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            runtime.Timeline.Record(lane, Timeline.Cancelled);
            throw;
        }
        if (FailWith(entry) is { } error)
        {
            runtime.Timeline.Record(lane, Timeline.Failed);
            throw error;
        }
        _entries.Add(entry);
        runtime.Timeline.Record(lane, Timeline.Completed);
    }
}
