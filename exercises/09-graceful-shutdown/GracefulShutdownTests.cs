using System.Threading.Channels;
using Snapshooter.NUnit;

namespace Katas.GracefulShutdown;

/// <summary>
/// The server on the fake clock. Each job is a fake operation of a set duration that honours its token; the
/// timeline shows when each one started and how it ended. Jobs are named A, B, C... in the order they were queued.
/// </summary>
[NonParallelizable]
public class JobServerTests
{
    private VirtualRuntime _runtime = null!;
    private Channel<Job> _jobs = null!;
    private CancellationTokenSource _shutdown = null!;
    private CancellationTokenSource _forceStop = null!;

    [SetUp]
    public void SetUp()
    {
        _runtime = new VirtualRuntime();
        _jobs = Channel.CreateUnbounded<Job>();
        _shutdown = new CancellationTokenSource();
        _forceStop = new CancellationTokenSource();
    }

    [TearDown]
    public void TearDown()
    {
        _runtime.Dispose();
        _shutdown.Dispose();
        _forceStop.Dispose();
    }

    [Test]
    public void Works_off_the_jobs_with_the_given_number_of_workers_until_the_channel_is_completed()
    {
        Queue(("A", 100), ("B", 200), ("C", 50), ("D", 100));
        _jobs.Writer.Complete();

        var outcome = RunServer(workers: 2, gracePeriodMs: 100);

        AssertReturnedAt(outcome, 250,
            "with no signal, the server returns when the channel is completed and the last job is done; with 2 " +
            "workers the last job, D, ends at t=250 ms");
        TimelineAssert.SpansAre(_runtime.Timeline,
            [Span.Of("A", 0, 100), Span.Of("B", 0, 200), Span.Of("C", 100, 150), Span.Of("D", 150, 250)],
            "With 2 workers, 2 jobs run at once, and a worker takes the next job from the channel as soon as its " +
            "job is done.", _runtime.Now);
        AssertReport(outcome, completed: ["A", "C", "B", "D"], failed: [], abandoned: [], neverStarted: [],
            "Every job ran to the end: Completed lists them in the order they finished.");
    }

    [Test]
    public void Jobs_in_flight_at_the_signal_get_the_grace_period_to_finish()
    {
        var outcome = RunTheDrain();

        AssertReturned(outcome);
        var b = _runtime.Timeline.Spans.FirstOrDefault(s => s.Lane == "B");
        Assert.That(b, Is.EqualTo(Span.Of("B", 0, 300)),
            "B was in flight at the signal (t=250 ms) and needed 50 ms more, well within the grace period of 100 ms: " +
            "it must run to the end at t=300 ms. A job cancelled at the signal itself means the jobs got the shutdown " +
            "token; give them a token of the server's own, cancelled only when the grace period ends." +
            Environment.NewLine + Environment.NewLine + _runtime.Timeline.Render());
        Assert.That(outcome.Value.Completed, Does.Contain("B"), "B ran to the end: it belongs in Completed.");
    }

    [Test]
    public void Jobs_still_running_when_the_grace_period_ends_are_cancelled_and_reported_abandoned()
    {
        var outcome = RunTheDrain();

        AssertReturnedAt(outcome, 350,
            "the signal came at t=250 ms and the grace period is 100 ms: C, still running then, is given up on at " +
            "t=350 ms and the server returns (finishing at C's own end, t=400 ms, means the grace period was not " +
            "enforced; finishing at t=250 ms means there was no grace period at all)");
        TimelineAssert.SpansAre(_runtime.Timeline,
            [Span.Of("A", 0, 200), Span.Of("B", 0, 300), Span.Of("C", 200, 350, Timeline.Cancelled)],
            "C must see its token cancelled when the grace period ends, at t=350 ms.", _runtime.Now);
        AssertReport(outcome, completed: ["A", "B"], failed: [], abandoned: ["C"], neverStarted: ["D", "E", "F"],
            "A and B ran to the end; C was cancelled when the grace period ended: it is abandoned, not completed; " +
            "D, E and F never started.");
    }

    [Test]
    public void No_job_starts_after_the_signal()
    {
        var outcome = RunTheDrain();

        AssertReturned(outcome);
        var lateStarts = _runtime.Timeline.Events
            .Where(e => e.What == Timeline.Started && e.At >= Ms(250))
            .Select(e => $"{e.Lane} at t={Format.Ms(e.At)}")
            .ToList();
        Assert.That(lateStarts, Is.Empty,
            "After the shutdown signal (t=250 ms) the workers take no new job, not even one already waiting in the " +
            "channel; yet a job started after it. Check the signal before taking each job." +
            Environment.NewLine + Environment.NewLine + _runtime.Timeline.Render());
        Assert.That(outcome.Value.NeverStarted, Is.EqualTo(new[] { "D", "E", "F" }),
            "D and E were queued before the signal and F after it; none of them started: the report lists them, " +
            "in the order they were queued, as never started (take what is left in the channel out of it).");
    }

    [Test]
    public void The_drain_report_and_timeline_match_the_snapshot()
    {
        var outcome = RunTheDrain();
        Assert.That(outcome.Succeeded, Is.True, $"The server did not return a report: it {outcome}.");

        Snapshot.Match(
            $"signal at t=250 ms, grace period 100 ms, returned at t={Format.Ms(outcome.CompletedAt ?? default)}" +
            Environment.NewLine + outcome.Value + Environment.NewLine + _runtime.Timeline);
    }

    [Test]
    public void Returns_as_soon_as_the_jobs_in_flight_are_done_not_at_the_end_of_the_grace_period()
    {
        Queue(("A", 300), ("B", 350), ("C", 100));
        _runtime.At(Ms(250), _shutdown.Cancel);

        var outcome = RunServer(workers: 2, gracePeriodMs: 1000);

        AssertReturnedAt(outcome, 350,
            "the last job in flight was done at t=350 ms: return then, not at the end of the grace period " +
            "(t=1250 ms). The grace period is a limit, not a wait.");
        AssertReport(outcome, completed: ["A", "B"], failed: [], abandoned: [], neverStarted: ["C"],
            "A and B finished within the grace period; C never started.");
        _runtime.AssertNoPendingTimers(
            "the grace period's timer is still pending after the server returned. Wait with " +
            "task.WaitAsync(gracePeriod, timeProvider, token), which disposes its timer, or cancel your Task.Delay.");
    }

    [Test]
    public void An_idle_server_takes_jobs_as_they_come_and_stops_at_the_signal()
    {
        _runtime.At(Ms(20), () => _jobs.Writer.TryWrite(FakeJob("A", 50)));
        _runtime.At(Ms(100), _shutdown.Cancel);

        var outcome = RunServer(workers: 3, gracePeriodMs: 1000);

        AssertReturned(outcome);
        TimelineAssert.SpansAre(_runtime.Timeline, [Span.Of("A", 20, 70)],
            "An idle worker waits for the next job and takes it when it comes (A at t=20 ms); it does not quit when " +
            "the channel is empty for a while.", _runtime.Now);
        AssertReturnedAt(outcome, 100,
            "no job was in flight at the signal (t=100 ms): the server returns then, without waiting for the " +
            "grace period (not earlier either: idle workers wait for jobs until the signal)");
        AssertReport(outcome, completed: ["A"], failed: [], abandoned: [], neverStarted: [], "A ran to the end.");
    }

    [Test]
    public void A_job_that_ignores_its_token_does_not_hold_up_the_report()
    {
        _jobs.Writer.TryWrite(StubbornJob("S", 1000));
        _runtime.At(Ms(200), _shutdown.Cancel);

        var outcome = RunServer(workers: 1, gracePeriodMs: 100);

        AssertReturnedAt(outcome, 300,
            "when the grace period ends (t=300 ms), cancel the jobs' token and return: a job that ignores its token " +
            "must not hold up the shutdown (do not await the jobs again after cancelling them), and time the grace " +
            "period on the TimeProvider the server was given");
        var report = outcome.Value;
        AssertReport(outcome, completed: [], failed: [], abandoned: ["S"], neverStarted: [],
            "S was still running when the grace period ended: abandoned.");

        _runtime.AdvanceTo(Ms(1000));
        Assert.That(report.ToString(), Is.EqualTo(Report([], [], ["S"], []).ToString()),
            "S went on regardless and finished at t=1000 ms, after the server had returned its report, and that " +
            "changed the report. Once returned, the report must not change: build it from copies.");
    }

    [Test]
    public void A_second_signal_stops_at_once()
    {
        Queue(("A", 500), ("B", 800));
        _runtime.At(Ms(100), _shutdown.Cancel);
        _runtime.At(Ms(300), _forceStop.Cancel);

        var outcome = RunServer(workers: 2, gracePeriodMs: 1000);

        AssertReturnedAt(outcome, 300,
            "the second signal (forceStop, t=300 ms) ends the grace period at once: cancel the jobs in flight and " +
            "return then");
        TimelineAssert.SpansAre(_runtime.Timeline,
            [Span.Of("A", 0, 300, Timeline.Cancelled), Span.Of("B", 0, 300, Timeline.Cancelled)],
            "Both jobs must see their token cancelled at the second signal.", _runtime.Now);
        AssertReport(outcome, completed: [], failed: [], abandoned: ["A", "B"], neverStarted: [],
            "A and B were cancelled by the forced stop: abandoned.");
    }

    [Test]
    public void A_second_signal_returns_at_once_even_if_a_job_ignores_its_token()
    {
        _jobs.Writer.TryWrite(StubbornJob("S", 1000));
        _runtime.At(Ms(100), _shutdown.Cancel);
        _runtime.At(Ms(200), _forceStop.Cancel);

        var outcome = RunServer(workers: 1, gracePeriodMs: 1000);

        AssertReturnedAt(outcome, 200,
            "the second signal (forceStop, t=200 ms) ends the drain at once: cancel the jobs' token and stop waiting " +
            "then, even though S ignores its token and runs on to t=1000 ms (t=1100 ms is the end of the grace " +
            "period: did forceStop only cancel the jobs, while the server went on waiting for them?)");
        AssertReport(outcome, completed: [], failed: [], abandoned: ["S"], neverStarted: [],
            "S was still running at the forced stop: abandoned.");
    }

    [Test]
    public void A_forceStop_before_the_shutdown_signal_changes_nothing()
    {
        Queue(("A", 200), ("B", 100));
        _jobs.Writer.Complete();
        _runtime.At(Ms(50), _forceStop.Cancel);

        var outcome = RunServer(workers: 1, gracePeriodMs: 100);

        TimelineAssert.SpansAre(_runtime.Timeline, [Span.Of("A", 0, 200), Span.Of("B", 200, 300)],
            "forceStop (cancelled at t=50 ms here) only cuts a drain short, like the token of IHostedService.StopAsync: " +
            "before the shutdown signal there is no drain, and the server serves on. A job cancelled at t=50 ms got a " +
            "token that forceStop cancels outright.", _runtime.Now);
        AssertReturnedAt(outcome, 300, "without a shutdown signal the server returns when the channel is completed and the last job is done");
        AssertReport(outcome, completed: ["A", "B"], failed: [], abandoned: [], neverStarted: [], "Both jobs ran to the end.");
    }

    [Test]
    public void A_job_that_cancels_itself_during_the_drain_is_reported_as_failed()
    {
        // A gives up on its own (its own timeout) at t=100 ms, during the drain, while its token is not cancelled.
        var selfCancelling = FakeOperation<bool>.Failing(_runtime, "A", Ms(100), new TaskCanceledException("A's own timeout"));
        _jobs.Writer.TryWrite(new Job("A", selfCancelling.RunAsync));
        Queue(("B", 300));
        _runtime.At(Ms(50), _shutdown.Cancel);

        var outcome = RunServer(workers: 2, gracePeriodMs: 1000);

        AssertReturnedAt(outcome, 300, "A ended at t=100 ms and B at t=300 ms, both within the grace period");
        AssertReport(outcome, completed: ["B"], failed: ["A"], abandoned: [], neverStarted: [],
            "A threw an OperationCanceledException of its own while the jobs' token was not cancelled (the server had " +
            "not given up on it): that is A failing, not A being abandoned. Only the server's give-up, at the end of " +
            "the grace period or at forceStop, makes a job abandoned: ask the jobs' token, not the shutdown token or " +
            "the exception's type.");
    }

    [Test]
    public void Abandoned_jobs_are_listed_in_the_order_they_started()
    {
        Queue(("A", 100), ("B", 500), ("C", 500));
        _runtime.At(Ms(200), _shutdown.Cancel);

        var outcome = RunServer(workers: 2, gracePeriodMs: 100);

        AssertReturnedAt(outcome, 300, "the grace period ends at t=300 ms with B and C still running");
        AssertReport(outcome, completed: ["A"], failed: [], abandoned: ["B", "C"], neverStarted: [],
            "B started at t=0 ms and C at t=100 ms, in the worker A freed: Abandoned lists them in the order they " +
            "started, B before C. A set or a dictionary of the jobs in flight does not keep that order (a new job may " +
            "take the place of one that ended); a list does.");
    }

    [Test]
    public void A_failing_job_is_reported_as_failed_and_the_server_goes_on()
    {
        var failing = FakeOperation<bool>.Failing(_runtime, "A", Ms(100), new InvalidOperationException("disk full"));
        _jobs.Writer.TryWrite(new Job("A", failing.RunAsync));
        Queue(("B", 100));
        _jobs.Writer.Complete();

        var outcome = RunServer(workers: 1, gracePeriodMs: 100);

        Assert.That(outcome.Exception?.Message, Is.Not.EqualTo("disk full"),
            "A's exception (\"disk full\") stopped the server: catch a job's exception, report the job as failed, " +
            "and go on.");
        AssertReturnedAt(outcome, 200, "B runs after A failed, from t=100 ms to t=200 ms");
        AssertReport(outcome, completed: ["B"], failed: ["A"], abandoned: [], neverStarted: [],
            "A threw an exception of its own: failed. B ran to the end: completed.");
    }

    /// <summary>
    /// The drain, in the tests above: 2 workers, a grace period of 100 ms, jobs A 200 ms, B 300 ms, C 200 ms,
    /// D and E 100 ms; the signal at t=250 ms, and job F queued at t=260 ms, after it.
    /// <code>
    /// A |████████|        0-200 ms
    /// B |████████████|    0-300 ms    in flight at the signal, done within the grace period
    /// C |        ██████▒  200-350 ms  still running when the grace period ends: cancelled, abandoned
    ///                ^ signal (250)  ^ grace period over (350)
    /// </code>
    /// </summary>
    private Outcome<ShutdownReport> RunTheDrain()
    {
        Queue(("A", 200), ("B", 300), ("C", 200), ("D", 100), ("E", 100));
        _runtime.At(Ms(250), _shutdown.Cancel);
        _runtime.At(Ms(260), () => _jobs.Writer.TryWrite(FakeJob("F", 100)));
        return RunServer(workers: 2, gracePeriodMs: 100);
    }

    private Outcome<ShutdownReport> RunServer(int workers, double gracePeriodMs)
    {
        var server = new JobServer(workers, Ms(gracePeriodMs), _runtime.Clock);
        return _runtime.Run(() => server.RunAsync(_jobs.Reader, _shutdown.Token, _forceStop.Token), limit: Ms(5000));
    }

    private void Queue(params (string Name, double Ms)[] jobs)
    {
        foreach (var (name, ms) in jobs) _jobs.Writer.TryWrite(FakeJob(name, ms));
    }

    /// <summary>A job that takes <paramref name="ms"/> on the fake clock, honours its token, and records on the timeline.</summary>
    private Job FakeJob(string name, double ms) => new(name, new FakeOperation<bool>(_runtime, name, Ms(ms), true).RunAsync);

    /// <summary>A job that never looks at its token: it runs <paramref name="ms"/> on the fake clock whatever happens.</summary>
    private Job StubbornJob(string name, double ms) => new(name, async _ =>
    {
        _runtime.Timeline.Record(name, Timeline.Started);
        await Task.Delay(Ms(ms), _runtime.Clock, CancellationToken.None);
        _runtime.Timeline.Record(name, Timeline.Completed);
    });

    private static ShutdownReport Report(string[] completed, string[] failed, string[] abandoned, string[] neverStarted) =>
        new(completed, failed, abandoned, neverStarted);

    /// <summary>Fails unless the server returned a report at exactly <paramref name="ms"/>.</summary>
    private static void AssertReturnedAt(Outcome<ShutdownReport> outcome, double ms, string hint)
    {
        AssertReturned(outcome);
        TimelineAssert.CompletedAt(outcome, Ms(ms), hint);
    }

    /// <summary>Fails when the server threw instead of returning a report.</summary>
    private static void AssertReturned(Outcome<ShutdownReport> outcome)
    {
        if (outcome.Exception is not { } error) return;
        throw new AssertionException(
            $"The server threw {error.GetType().Name} at t={Format.Ms(outcome.CompletedAt ?? default)} instead of " +
            $"returning a report: {error.Message}{Environment.NewLine}{Environment.NewLine}{outcome.Timeline.Render()}");
    }

    private static void AssertReport(Outcome<ShutdownReport> outcome, string[] completed, string[] failed,
        string[] abandoned, string[] neverStarted, string hint)
    {
        var expected = Report(completed, failed, abandoned, neverStarted).ToString();
        var actual = outcome.Value.ToString();
        if (actual == expected) return;
        var nl = Environment.NewLine;
        throw new AssertionException(
            $"The report does not say what became of the jobs. {hint}{nl}{nl}expected:{nl}{expected}{nl}{nl}" +
            $"actual:{nl}{actual}{nl}{nl}{outcome.Timeline.Render()}");
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);
}

/// <summary>What the stop signals do, without sending any: the wiring to the real signals is tested on a real process.</summary>
public class ShutdownSignalsTests
{
    [Test]
    public void The_first_signal_asks_for_a_graceful_shutdown_and_the_second_forces_a_stop()
    {
        using var signals = new ShutdownSignals();
        Assert.That(signals.Shutdown.IsCancellationRequested || signals.ForceStop.IsCancellationRequested, Is.False,
            "No signal yet: neither token may be cancelled.");

        signals.Request();
        Assert.That(signals.Shutdown.IsCancellationRequested, Is.True, "The first signal cancels Shutdown.");
        Assert.That(signals.ForceStop.IsCancellationRequested, Is.False,
            "The first signal asks for a graceful shutdown only: ForceStop must wait for a second signal.");

        signals.Request();
        Assert.That(signals.ForceStop.IsCancellationRequested, Is.True,
            "The second signal forces a stop: it cancels ForceStop (a second Ctrl+C must not be ignored).");

        Assert.DoesNotThrow(signals.Request, "A third signal changes nothing, and does not throw.");
    }
}
