using Microsoft.CodeAnalysis.Testing;

namespace Katas.Analyzers.Tests;

/// <summary>KATA002: a wait or a timer on the real clock where a TimeProvider overload exists, and its fix.</summary>
public class RealClockTests
{
    private static string InAsyncMethod(string body, string members = "") => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class Kata(TimeProvider timeProvider)
        {
        {{members}}
            public async Task RunAsync(Task other, TimeSpan delay, CancellationToken cancellationToken)
            {
                {{body}}
            }
        }
        """;

    private static DiagnosticResult Reported(string what, string fix, string kata) =>
        new DiagnosticResult(RealClockAnalyzer.Rule).WithLocation(0).WithMessage(
            $"{what} waits on the real clock, which the tests' fake clock cannot move; {fix} (kata {kata})");

    [Test]
    public Task Task_Delay_without_a_TimeProvider_is_reported_with_the_fix_and_kata_01() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("await {|#0:Task.Delay(delay, cancellationToken)|};"),
            Reported("Task.Delay without a TimeProvider", "pass the TimeProvider: Task.Delay(delay, timeProvider, cancellationToken)", "01-hello-async"));

    [Test]
    public Task Task_Delay_in_milliseconds_is_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("await [|Task.Delay(100)|];"));

    [Test]
    public Task WaitAsync_with_a_timeout_but_no_TimeProvider_is_reported_with_kata_07() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("await {|#0:other.WaitAsync(delay, cancellationToken)|};"),
            Reported("WaitAsync(timeout) without a TimeProvider", "pass the TimeProvider: task.WaitAsync(timeout, timeProvider, cancellationToken)", "07-timeout"));

    [Test]
    public Task A_CancellationTokenSource_with_a_delay_but_no_TimeProvider_is_reported_with_kata_07() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("using var limit = {|#0:new CancellationTokenSource(delay)|};"),
            Reported("new CancellationTokenSource(delay) without a TimeProvider", "pass the TimeProvider: new CancellationTokenSource(delay, timeProvider)", "07-timeout"));

    [Test]
    public Task CancelAfter_on_a_source_made_without_a_TimeProvider_is_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("using var limit = new CancellationTokenSource(); {|#0:limit.CancelAfter(delay)|};"),
            Reported("CancelAfter on a CancellationTokenSource made without a TimeProvider",
                "make the timed source with new CancellationTokenSource(delay, timeProvider) instead (and link it to the others)", "07-timeout"));

    [Test]
    public Task CancelAfter_on_a_linked_source_is_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod(
            "using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); [|linked.CancelAfter(100)|];"));

    [Test]
    public Task A_PeriodicTimer_without_a_TimeProvider_is_reported_with_kata_06() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("using var timer = {|#0:new PeriodicTimer(delay)|};"),
            Reported("new PeriodicTimer(period) without a TimeProvider", "pass the TimeProvider: new PeriodicTimer(period, timeProvider)", "06-async-streams"));

    [Test]
    public Task The_TimeProvider_overloads_are_not_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("""
            await Task.Delay(delay, timeProvider, cancellationToken);
                    await other.WaitAsync(delay, timeProvider, cancellationToken);
                    using var limit = new CancellationTokenSource(delay, timeProvider);
                    limit.CancelAfter(delay);
                    using var timer = new PeriodicTimer(delay, timeProvider);
            """));

    [Test]
    public Task Waits_that_set_no_timer_are_not_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("""
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    await Task.Delay(TimeSpan.Zero);
                    await other.WaitAsync(cancellationToken);
                    using var source = new CancellationTokenSource();
            """));

    [Test]
    public Task Calls_without_a_TimeProvider_overload_are_not_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>(InAsyncMethod("""
            using var slots = new SemaphoreSlim(1);
                    await slots.WaitAsync(delay, cancellationToken);
                    other.Wait(delay);
            """));

    [Test]
    public Task CancelAfter_on_a_source_of_unknown_origin_is_not_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>("""
            using System;
            using System.Threading;

            public static class Limits
            {
                public static void Shorten(CancellationTokenSource source, TimeSpan delay) => source.CancelAfter(delay);
            }
            """);

    [Test]
    public Task A_katas_test_file_is_not_reported() =>
        Verify.Diagnostics<RealClockAnalyzer>([("/0/TimeLimitTests.cs", InAsyncMethod("await Task.Delay(delay);"))]);

    [Test]
    public Task Fix_passes_the_TimeProvider_to_Task_Delay() =>
        Verify.Fix<RealClockAnalyzer, RealClockCodeFix>(
            InAsyncMethod("await [|Task.Delay(delay, cancellationToken)|];"),
            InAsyncMethod("await Task.Delay(delay, timeProvider, cancellationToken);"));

    [Test]
    public Task Fix_passes_the_TimeProvider_to_WaitAsync() =>
        Verify.Fix<RealClockAnalyzer, RealClockCodeFix>(
            InAsyncMethod("await [|other.WaitAsync(delay)|];"),
            InAsyncMethod("await other.WaitAsync(delay, timeProvider);"));

    [Test]
    public Task Fix_passes_the_TimeProvider_to_a_CancellationTokenSource_turning_milliseconds_into_a_TimeSpan() =>
        Verify.Fix<RealClockAnalyzer, RealClockCodeFix>(
            InAsyncMethod("using var limit = [|new CancellationTokenSource(100)|];"),
            InAsyncMethod("using var limit = new CancellationTokenSource(TimeSpan.FromMilliseconds(100), timeProvider);"));

    [Test]
    public Task Fix_passes_the_TimeProvider_to_a_PeriodicTimer() =>
        Verify.Fix<RealClockAnalyzer, RealClockCodeFix>(
            InAsyncMethod("using var timer = [|new PeriodicTimer(delay)|];"),
            InAsyncMethod("using var timer = new PeriodicTimer(delay, timeProvider);"));

    [Test]
    public Task Fix_takes_a_TimeProvider_property() =>
        Verify.Fix<RealClockAnalyzer, RealClockCodeFix>("""
            using System;
            using System.Threading.Tasks;

            public sealed class Server
            {
                public TimeProvider Clock { get; } = TimeProvider.System;

                public Task PauseAsync(TimeSpan delay) => [|Task.Delay(delay)|];
            }
            """, """
            using System;
            using System.Threading.Tasks;

            public sealed class Server
            {
                public TimeProvider Clock { get; } = TimeProvider.System;

                public Task PauseAsync(TimeSpan delay) => Task.Delay(delay, Clock);
            }
            """);

    [Test]
    public Task No_fix_for_CancelAfter() =>
        Verify.Fix<RealClockAnalyzer, RealClockCodeFix>(CancelAfter, CancelAfter);

    private static readonly string CancelAfter = InAsyncMethod("using var limit = new CancellationTokenSource(); [|limit.CancelAfter(delay)|];");

    [Test]
    public Task No_fix_in_a_static_method_whose_only_TimeProvider_is_an_instance_field() =>
        Verify.Fix<RealClockAnalyzer, RealClockCodeFix>(StaticMethod, StaticMethod);

    private const string StaticMethod = """
        using System;
        using System.Threading.Tasks;

        public sealed class Server
        {
            private readonly TimeProvider _clock = TimeProvider.System;

            public static Task PauseAsync(TimeSpan delay) => [|Task.Delay(delay)|];
        }
        """;
}
