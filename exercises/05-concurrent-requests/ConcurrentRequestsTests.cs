using System.Runtime.ExceptionServices;

namespace Katas.ConcurrentRequests;

/// <summary>No limit: every fetch starts at once, like the tutorial's join_all.</summary>
public class FetchAllTests
{
    [Test]
    public void Three_fetches_of_100_ms_finish_together_at_100_ms_not_300() => FetchTest.Run((runtime, fetcher) =>
    {

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test", "c.test"]));

        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("a.test", 0, 100), Span.Of("b.test", 0, 100), Span.Of("c.test", 0, 100)],
            "All three fetches should start at t=0 and run at the same time. A staircase means each fetch was " +
            "awaited before the next one started: start them all first, then await them together.", runtime.Now);
        TimelineAssert.CompletedAt(outcome, Ms(100), "three fetches of 100 ms at the same time take 100 ms");
        Assert.That(outcome.Value, Is.EqualTo(new[]
        {
            FetchResult.Success("a.test", FakeFetcher.BodyOf("a.test")),
            FetchResult.Success("b.test", FakeFetcher.BodyOf("b.test")),
            FetchResult.Success("c.test", FakeFetcher.BodyOf("c.test")),
        }), "one successful result per URL, with the body the fetcher returned");
    });

    [Test]
    public void Results_come_back_in_the_order_of_the_urls_not_of_completion() => FetchTest.Run((runtime, fetcher) =>
    {
        fetcher.Taking("slow.test", 300).Taking("fast.test", 100).Taking("medium.test", 200);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["slow.test", "fast.test", "medium.test"]));

        TimelineAssert.CompletedAt(outcome, Ms(300), "the fetches run at the same time, so the slowest one (300 ms) sets the time");
        Assert.That(outcome.Value.Select(r => r.Url), Is.EqualTo(new[] { "slow.test", "fast.test", "medium.test" }),
            "results[i] must be the result of urls[i]. These results are in the order the fetches finished " +
            "(fast, medium, slow): were they added to a list as each one completed? Task.WhenAll returns its " +
            "results in the order of the tasks you gave it.");
        Assert.That(outcome.Value.Select(r => r.Body), Is.EqualTo(new[] { "slow.test", "fast.test", "medium.test" }.Select(FakeFetcher.BodyOf)));
    });

    [Test]
    public void A_failing_url_does_not_lose_the_others() => FetchTest.Run((runtime, fetcher) =>
    {
        var error = new HttpRequestException("503 Service Unavailable");
        fetcher.Failing("b.test", 50, error);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test", "c.test"]));

        Assert.That(outcome.Succeeded, Is.True,
            $"One URL failed and the whole call {outcome}: one failure must not lose the other results. " +
            "Catch each fetch's exception and turn it into a failed FetchResult." + Environment.NewLine + runtime.Timeline.Render());
        Assert.That(outcome.Value, Is.EqualTo(new[]
        {
            FetchResult.Success("a.test", FakeFetcher.BodyOf("a.test")),
            FetchResult.Failure("b.test", error),
            FetchResult.Success("c.test", FakeFetcher.BodyOf("c.test")),
        }), "one result per URL, in the order of the URLs: a.test and c.test succeed, and b.test's result holds " +
            "the very exception its fetch threw");
        TimelineAssert.CompletedAt(outcome, Ms(100), "the failure at t=50 ms ends only b.test; the others finish at t=100 ms");
    });

    [Test]
    public void A_fetch_that_times_out_on_its_own_is_a_failed_result_not_a_cancelled_batch() => FetchTest.Run((runtime, fetcher) =>
    {
        // What HttpClient throws when its own Timeout elapses: a TaskCanceledException, though nobody cancelled the caller.
        var timeout = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 0.05 seconds elapsing.");
        fetcher.Failing("b.test", 50, timeout);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test"]));

        Assert.That(outcome.Succeeded, Is.True,
            $"b.test timed out on its own (a TaskCanceledException, as HttpClient throws) while the caller's token was " +
            $"never cancelled, and the whole call {outcome}. Only the caller's cancellation cancels the batch: check " +
            "cancellationToken.IsCancellationRequested, not the exception's type." + Environment.NewLine + runtime.Timeline.Render());
        Assert.That(outcome.Value, Is.EqualTo(new[]
        {
            FetchResult.Success("a.test", FakeFetcher.BodyOf("a.test")),
            FetchResult.Failure("b.test", timeout),
        }), "one result per URL, in the order of the URLs: b.test's timeout is b.test's failure, a.test is not affected");
    });

    [Test]
    public void Any_exception_of_a_fetch_is_that_urls_failure_not_only_http_errors() => FetchTest.Run((runtime, fetcher) =>
    {
        // Not every failure of a fetch is an HttpRequestException: reading or parsing the body can throw anything.
        var badBody = new InvalidDataException("The body of b.test is not valid UTF-8.");
        fetcher.Failing("b.test", 50, badBody);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test", "c.test"]));

        Assert.That(outcome.Succeeded, Is.True,
            $"b.test's fetch threw an InvalidDataException and the whole call {outcome}. Whatever a fetch throws is " +
            "that URL's failure (catch Exception, not only HttpRequestException); only the caller's cancellation " +
            "cancels the batch." + Environment.NewLine + runtime.Timeline.Render());
        Assert.That(outcome.Value, Is.EqualTo(new[]
        {
            FetchResult.Success("a.test", FakeFetcher.BodyOf("a.test")),
            FetchResult.Failure("b.test", badBody),
            FetchResult.Success("c.test", FakeFetcher.BodyOf("c.test")),
        }), "one result per URL, in the order of the URLs: b.test's result holds the very exception its fetch threw");
    });

    [Test]
    public void Without_a_limit_every_url_starts_at_once_however_many_there_are() => FetchTest.Run((runtime, fetcher) =>
    {
        // More URLs than any machine has cores: a default limit such as Environment.ProcessorCount shows.
        string[] urls = [.. Enumerable.Range(1, ManyUrls).Select(i => $"u{i:000}.test")];

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, urls));

        Assert.That(fetcher.PeakInFlight, Is.EqualTo(ManyUrls),
            $"Without a limit, all {ManyUrls} fetches should be in flight at once, but at most {fetcher.PeakInFlight} " +
            $"were; the call {outcome}. Was a default limit applied? (Parallel.ForEachAsync without " +
            "MaxDegreeOfParallelism runs only Environment.ProcessorCount bodies at a time.)");
        TimelineAssert.CompletedAt(outcome, Ms(100), $"{ManyUrls} fetches of 100 ms at the same time take 100 ms");
        Assert.That(outcome.Value.Select(r => r.Url), Is.EqualTo(urls), "one result per URL, in the order of the URLs");
    });

    private const int ManyUrls = 300;

    internal static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);
}

/// <summary>At most N in flight: a new fetch starts whenever one finishes.</summary>
public class FetchWithLimitTests
{
    private static readonly string[] TenUrls = [.. "abcdefghij".Select(c => $"{c}.test")];

    private static TimeSpan Ms(double ms) => FetchAllTests.Ms(ms);

    [Test]
    public void Ten_fetches_three_at_a_time_finish_at_400_ms() => FetchTest.Run((runtime, fetcher) =>
    {

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, TenUrls, maxInFlight: 3));

        Assert.That(fetcher.PeakInFlight, Is.LessThanOrEqualTo(3),
            $"{fetcher.PeakInFlight} fetches were in flight at once, but the limit is 3: every fetch must wait for a " +
            "free slot before it starts (a SemaphoreSlim with 3 slots)." + Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.SpansAre(runtime.Timeline,
        [
            Span.Of("a.test", 0, 100), Span.Of("b.test", 0, 100), Span.Of("c.test", 0, 100),
            Span.Of("d.test", 100, 200), Span.Of("e.test", 100, 200), Span.Of("f.test", 100, 200),
            Span.Of("g.test", 200, 300), Span.Of("h.test", 200, 300), Span.Of("i.test", 200, 300),
            Span.Of("j.test", 300, 400),
        ], "Three fetches at a time, in the order of the URLs: a new one starts the moment one finishes.", runtime.Now);
        TimelineAssert.CompletedAt(outcome, Ms(400), "ten fetches of 100 ms, three at a time, take four rounds");
        Assert.That(fetcher.PeakInFlight, Is.EqualTo(3), "the limit is there to be used: three fetches at once");
        Assert.That(outcome.Value, Is.EqualTo(TenUrls.Select(url => FetchResult.Success(url, FakeFetcher.BodyOf(url)))),
            "one successful result per URL, in the order of the URLs");
    });

    [Test]
    public void A_freed_slot_is_taken_at_once_not_when_the_whole_group_is_done() => FetchTest.Run((runtime, fetcher) =>
    {
        fetcher.Taking("a.test", 100).Taking("b.test", 30).Taking("c.test", 30).Taking("d.test", 30);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test", "c.test", "d.test"], maxInFlight: 2));

        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("a.test", 0, 100), Span.Of("b.test", 0, 30), Span.Of("c.test", 30, 60), Span.Of("d.test", 60, 90)],
            "c.test should start at t=30 ms, the moment b.test frees its slot, not when the slow a.test is done too. " +
            "Waiting for a whole group of 2 (Chunk, then WhenAll per chunk) leaves a slot idle.", runtime.Now);
        TimelineAssert.CompletedAt(outcome, Ms(100), "the slow a.test (100 ms) runs alongside the three short ones");
        Assert.That(outcome.Value.Select(r => r.Url), Is.EqualTo(new[] { "a.test", "b.test", "c.test", "d.test" }),
            "results[i] must be the result of urls[i], not in the order the fetches finished (b, c, d, a)");
    });

    [Test]
    public void A_failed_fetch_gives_its_slot_back() => FetchTest.Run((runtime, fetcher) =>
    {
        var error = new HttpRequestException("404 Not Found");
        fetcher.Failing("a.test", 50, error);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test", "c.test"], maxInFlight: 1));

        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("a.test", 0, 50, Timeline.Failed), Span.Of("b.test", 50, 150), Span.Of("c.test", 150, 250)],
            "One slot: a.test fails at t=50 ms and gives its slot to b.test at once; c.test follows b.test.", runtime.Now);
        Assert.That(outcome.Value, Is.EqualTo(new[]
        {
            FetchResult.Failure("a.test", error),
            FetchResult.Success("b.test", FakeFetcher.BodyOf("b.test")),
            FetchResult.Success("c.test", FakeFetcher.BodyOf("c.test")),
        }), "the failure is a.test's result; b.test and c.test succeed");
    });

    [Test]
    public void A_limit_below_one_is_rejected() => FetchTest.Run((runtime, fetcher) =>
    {

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test"], maxInFlight: 0));

        Assert.That(outcome.Exception, Is.TypeOf<ArgumentOutOfRangeException>()
                .With.Property(nameof(ArgumentException.ParamName)).EqualTo("maxInFlight"),
            $"a limit of 0 can never let a fetch start: reject it with an ArgumentOutOfRangeException for maxInFlight " +
            $"(as SemaphoreSlim and Parallel.ForEachAsync do); the call {outcome}");
        Assert.That(fetcher.Started, Is.Empty, "nothing is fetched when the limit is invalid");
    });
}

/// <summary>Cancelling the batch stops the fetches in flight and starts no new ones.</summary>
public class CancellationTests
{
    private static readonly string[] TenUrls = [.. "abcdefghij".Select(c => $"{c}.test")];

    private static TimeSpan Ms(double ms) => FetchAllTests.Ms(ms);

    [Test]
    public void Cancelling_stops_the_fetches_in_flight_and_starts_no_new_ones() => FetchTest.Run((runtime, fetcher) =>
    {
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(150), cts.Cancel);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, TenUrls, maxInFlight: 3, cts.Token));

        TimelineAssert.SpansAre(runtime.Timeline,
        [
            Span.Of("a.test", 0, 100), Span.Of("b.test", 0, 100), Span.Of("c.test", 0, 100),
            Span.Of("d.test", 100, 150, Timeline.Cancelled), Span.Of("e.test", 100, 150, Timeline.Cancelled),
            Span.Of("f.test", 100, 150, Timeline.Cancelled),
        ], "Cancelled at t=150 ms: the three fetches in flight must be cancelled right then (pass the token to every " +
           "fetch), and g.test to j.test must never start: pass the token to the wait for a slot too " +
           "(slots.WaitAsync(cancellationToken)), and look at it again once you have a slot, because the slots " +
           "freed by the cancelled fetches can reach a waiter before the cancellation does.", runtime.Now);
        Assert.That(outcome.IsCanceled, Is.True,
            $"a cancelled batch ends cancelled (an OperationCanceledException), as Task.WhenAll and " +
            $"Parallel.ForEachAsync do, not with a list of failed results; it {outcome}");
        TimelineAssert.CompletedAt(outcome, Ms(150), "the call ends the moment it is cancelled");
    });

    [Test]
    public void Cancelling_a_batch_without_limit_cancels_every_fetch_and_the_batch() => FetchTest.Run((runtime, fetcher) =>
    {
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(50), cts.Cancel);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test", "c.test"], cts.Token));

        TimelineAssert.SpansAre(runtime.Timeline,
        [
            Span.Of("a.test", 0, 50, Timeline.Cancelled), Span.Of("b.test", 0, 50, Timeline.Cancelled),
            Span.Of("c.test", 0, 50, Timeline.Cancelled),
        ], "Cancelled at t=50 ms: every fetch in flight is cancelled right then (pass the token to every fetch).", runtime.Now);
        Assert.That(outcome.IsCanceled, Is.True,
            $"The caller cancelled, so the batch ends cancelled (an OperationCanceledException), as Task.WhenAll does; " +
            $"it {outcome}. The caller's cancellation is not a failure of each URL: let it through instead of " +
            "catching it into failed results (catch only when cancellationToken.IsCancellationRequested is false).");
        TimelineAssert.CompletedAt(outcome, Ms(50), "the call ends the moment it is cancelled");
    });

    [Test]
    public void A_batch_cancelled_before_it_starts_fetches_nothing() => FetchTest.Run((runtime, fetcher) =>
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, TenUrls, maxInFlight: 3, cts.Token));

        Assert.That(outcome.IsCanceled, Is.True, $"a batch whose token is already cancelled ends cancelled; it {outcome}");
        Assert.That(fetcher.Started, Is.Empty,
            "the token was cancelled before the call, so no fetch may start: wait for a slot with the token " +
            "(slots.WaitAsync(cancellationToken)), which gives up at once when it is cancelled");
        TimelineAssert.CompletedAt(outcome, Ms(0), "a cancelled batch ends at once");
    });

    [Test]
    public void A_slot_freed_by_cancellation_goes_to_no_one() => FetchTest.Run((runtime, fetcher) =>
    {
        // a.test registers on the token after b.test's wait for a slot (as a real client does once its request is
        // under way), so Cancel() ends a.test first, and a.test's slot is free before b.test's wait hears of the
        // cancellation: the moment a second look at the token is for. (Token callbacks run newest first.)
        fetcher.RegisteringOnTheTokenLate();
        using var cts = new CancellationTokenSource();
        runtime.At(Ms(50), cts.Cancel);

        var outcome = runtime.Run(() => Requests.FetchAllAsync(fetcher, ["a.test", "b.test"], maxInFlight: 1, cts.Token));

        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("a.test", 0, 50, Timeline.Cancelled)],
            "a.test is cancelled at t=50 ms and frees its slot, but the batch is cancelled: b.test must not take that " +
            "slot and start. Wait for a slot with the token, and check the token again once you have the slot " +
            "(cancellationToken.ThrowIfCancellationRequested()): the slot freed by the cancelled a.test reaches " +
            "b.test before the cancellation of b.test's wait does.", runtime.Now);
        Assert.That(outcome.IsCanceled, Is.True, $"the cancelled batch ends cancelled; it {outcome}");
        TimelineAssert.CompletedAt(outcome, Ms(50), "the call ends the moment it is cancelled");
        Assert.That(fetcher.InFlight, Is.Zero, "nothing is left in flight");
    });
}

/// <summary>
/// Runs one test with a fresh runtime and fake fetcher, and watches for exceptions the code under test throws
/// that no result reports (an ObjectDisposedException from a semaphore disposed too early, say): when the test
/// fails, its message shows them, because the timeline alone would only show fetches that never started.
/// </summary>
internal static class FetchTest
{
    public static void Run(Action<VirtualRuntime, FakeFetcher> test)
    {
        using var runtime = new VirtualRuntime();
        var fetcher = new FakeFetcher(runtime);
        var thrown = new List<Exception>();
        void Record(object? sender, FirstChanceExceptionEventArgs e)
        {
            // The fetcher's own failures and cancellations are reported by the results; NUnit's are the test's.
            if (e.Exception is OperationCanceledException || fetcher.Throws(e.Exception) ||
                e.Exception.GetType().Namespace?.StartsWith("NUnit", StringComparison.Ordinal) == true) return;
            lock (thrown) if (!thrown.Contains(e.Exception)) thrown.Add(e.Exception);
        }
        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            test(runtime, fetcher);
        }
        catch (AssertionException failure)
        {
            List<Exception> seen;
            lock (thrown) seen = [.. thrown];
            throw Explain(failure, seen, runtime, fetcher);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }
    }

    private static AssertionException Explain(AssertionException failure, List<Exception> thrown, VirtualRuntime runtime, FakeFetcher fetcher)
    {
        var nl = Environment.NewLine;
        var threw = thrown.Count == 0 ? "" :
            $"The code under test threw {thrown.Count} exception(s) that no result reports; the first: " +
            $"{thrown[0].GetType().Name}: {LearnerText.MessageOf(thrown[0])}" + nl + LearnerText.Describe(thrown[0]) + nl + nl;
        var stuck = failure.Message.Contains("no timer of the fake clock is pending", StringComparison.Ordinal);
        if (!stuck) return new AssertionException(threw + failure.Message);
        var started = fetcher.Started.Count == 0 ? "no URL" : string.Join(", ", fetcher.Started);
        var why = thrown.Count > 0
            ? $"The {thrown[0].GetType().Name} above was thrown while they waited."
            : "Nothing threw: a slot was taken and never given back. Give the slot back in a finally block, " +
              "so that it is released however the fetch ends.";
        // The watchdog's own guesses (a real-clock delay) do not apply here; its timeline does.
        var timeline = failure.Message.IndexOf("Timeline (now", StringComparison.Ordinal);
        return new AssertionException(threw +
            $"Starved: at t={Format.Ms(runtime.Now)} no fetch is in flight and no timer is pending, yet only {started} " +
            $"started and the call has not finished: the URLs waiting for a slot were never let in. {why}" +
            nl + nl + (timeline >= 0 ? failure.Message[timeline..] : failure.Message));
    }
}

/// <summary>
/// A fetcher whose every fetch takes 100 ms on the fake clock (or as told), returns "&lt;html&gt;url&lt;/html&gt;"
/// or throws as told, draws each fetch on the timeline (one lane per URL) and counts the peak in flight.
/// </summary>
internal sealed class FakeFetcher(VirtualRuntime runtime) : IFetcher
{
    private readonly Dictionary<string, TimeSpan> _durations = [];
    private readonly Dictionary<string, Exception> _errors = [];
    private readonly ConcurrencyGauge _inFlight = new();
    private readonly List<string> _started = [];
    private bool _registersLate;

    /// <summary>The body the fake returns for <paramref name="url"/>.</summary>
    public static string BodyOf(string url) => $"<html>{url}</html>";

    /// <summary>The URLs whose fetch was started, in the order they were started.</summary>
    public IReadOnlyList<string> Started { get { lock (_started) return [.. _started]; } }

    /// <summary>Fetches in flight now.</summary>
    public int InFlight => _inFlight.Current;

    /// <summary>The most fetches that were ever in flight at once.</summary>
    public int PeakInFlight => _inFlight.Peak;

    /// <summary>A fetch of <paramref name="url"/> takes <paramref name="ms"/> instead of 100 ms.</summary>
    public FakeFetcher Taking(string url, double ms)
    {
        _durations[url] = TimeSpan.FromMilliseconds(ms);
        return this;
    }

    /// <summary>True when <paramref name="error"/> is one the fetcher was told to throw.</summary>
    public bool Throws(Exception error) => _errors.ContainsValue(error);

    /// <summary>A fetch of <paramref name="url"/> throws <paramref name="error"/> after <paramref name="ms"/>.</summary>
    public FakeFetcher Failing(string url, double ms, Exception error)
    {
        _errors[url] = error;
        return Taking(url, ms);
    }

    /// <summary>
    /// Every fetch first lets the code that called it go on (one turn of the event loop, no fake time) and only
    /// then registers on the token: the fetches and waits started at the same instant registered before it, so a
    /// cancellation, which runs the token's callbacks newest first, ends the fetch before it reaches them.
    /// </summary>
    public FakeFetcher RegisteringOnTheTokenLate()
    {
        _registersLate = true;
        return this;
    }

    public async Task<string> FetchAsync(string url, CancellationToken cancellationToken)
    {
        lock (_started) _started.Add(url);
        using var _ = _inFlight.Enter();
        if (_registersLate) await Task.Yield();
        var duration = _durations.GetValueOrDefault(url, TimeSpan.FromMilliseconds(100));
        var operation = _errors.TryGetValue(url, out var error)
            ? FakeOperation<string>.Failing(runtime, url, duration, error)
            : new FakeOperation<string>(runtime, url, duration, BodyOf(url));
        return await operation.RunAsync(cancellationToken);
    }
}
