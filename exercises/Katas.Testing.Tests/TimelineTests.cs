namespace Katas.Testing.Tests;

/// <summary>Spans and charts: what a timeline assertion can see.</summary>
public class TimelineTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void An_operation_started_twice_at_once_draws_two_spans()
    {
        using var runtime = new VirtualRuntime();
        var fetch = new FakeOperation<int>(runtime, "fetch", Ms(100), 1);
        runtime.Run(async () =>
        {
            var first = fetch.RunAsync();
            await Task.Delay(Ms(30), runtime.Clock);
            return await fetch.RunAsync() + await first;
        });

        Assert.That(runtime.Timeline.Spans, Is.EqualTo(new[] { Span.Of("fetch", 0, 100), Span.Of("fetch", 30, 130) }));
        var error = Assert.Throws<AssertionException>(() =>
            TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("fetch", 0, 100)], "fetch once", runtime.Now));
        Assert.That(error!.Message, Does.Contain("fetch |   ██████████|"), "the second start is drawn");
    }

    [Test]
    public void A_span_still_running_draws_as_an_open_bar_that_says_so()
    {
        using var runtime = new VirtualRuntime();
        var slow = new FakeOperation<int>(runtime, "slow", Ms(100), 1);
        runtime.Start(() => slow.RunAsync());
        runtime.AdvanceTo(Ms(40));

        Assert.That(runtime.Timeline.Spans, Is.EqualTo(new[] { new Span("slow", TimeSpan.Zero, null, Timeline.Running) }));
        var chart = runtime.Timeline.Render();
        Assert.That(chart, Does.Contain("slow |▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒→").And.Contain("0 ms → still running"));
        Assert.That(chart, Does.Not.Contain("0- ms"));
    }
}
