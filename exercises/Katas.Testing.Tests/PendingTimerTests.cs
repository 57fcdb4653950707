namespace Katas.Testing.Tests;

/// <summary>A timer left pending is reported with where it was created.</summary>
public class PendingTimerTests
{
    [Test]
    public void A_timer_left_pending_is_reported_with_its_creation_site()
    {
        using var runtime = new VirtualRuntime();
        var leaked = new CancellationTokenSource(TimeSpan.FromSeconds(5), runtime.Clock); // never disposed: the point
        runtime.Run(async () => { await Task.Delay(TimeSpan.FromMilliseconds(10), runtime.Clock); return 0; });

        var error = Assert.Throws<AssertionException>(() => runtime.AssertNoPendingTimers("the timeout's timer was not disposed"));
        Assert.That(error!.Message, Does.Contain("1 is: the timeout's timer was not disposed"));
        Assert.That(error.Message, Does.Contain("PendingTimerTests.A_timer_left_pending_is_reported_with_its_creation_site (PendingTimerTests.cs:10)"));
        Assert.That(error.Message, Does.Contain("due at t=5000 ms"));
        leaked.Dispose();
        Assert.DoesNotThrow(() => runtime.AssertNoPendingTimers("disposed now"));
    }

    [Test]
    public void A_timer_of_a_fake_operation_is_named_after_the_operation()
    {
        using var runtime = new VirtualRuntime();
        var loser = new FakeOperation<int>(runtime, "loser", TimeSpan.FromMilliseconds(100), 1);
        runtime.Start(() => loser.RunAsync());
        var error = Assert.Throws<AssertionException>(() => runtime.AssertNoPendingTimers("the loser was not cancelled"));
        Assert.That(error!.Message, Does.Contain("by operation loser, due at t=100 ms"));
    }

    [Test]
    public void Fired_and_disposed_timers_are_not_pending()
    {
        using var runtime = new VirtualRuntime();
        runtime.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), runtime.Clock);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1), runtime.Clock);
            return await Task.FromResult(1).WaitAsync(TimeSpan.FromSeconds(1), runtime.Clock);
        });
        Assert.DoesNotThrow(() => runtime.AssertNoPendingTimers("nothing should be left"));
    }
}
