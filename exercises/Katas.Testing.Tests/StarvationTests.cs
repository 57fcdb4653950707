using System.Diagnostics;

namespace Katas.Testing.Tests;

/// <summary>
/// A thread-pool thread per wait, each blocked on the fake clock: the pool keeps adding threads and each
/// blocks too. That is reported as blocked within seconds, not after the whole real-time budget.
/// </summary>
public class StarvationTests
{
    [Test]
    public void Pool_threads_each_blocked_on_a_fake_delay_are_reported_as_blocked_quickly()
    {
        using var runtime = new VirtualRuntime();
        using var release = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        try
        {
            var error = Assert.Throws<AssertionException>(() => runtime.Run(() => Task.WhenAll(Enumerable.Range(0, 500).Select(_ =>
                Task.Run(() => Task.Delay(TimeSpan.FromSeconds(1), runtime.Clock).Wait(release.Token))))));

            Assert.That(error!.Message, Does.StartWith("The thread was blocked").And.Match(@"\d+ thread-pool threads? (are|is) blocked"),
                error.Message);
            Assert.That(clock.Elapsed, Is.LessThan(VirtualRuntime.BlockedAfter * 3),
                "starvation is seen once nothing finishes for BlockedAfter, not at the end of the real-time budget");
        }
        finally
        {
            release.Cancel(); // lets the blocked threads go, so that they do not burden later tests
        }
    }
}
