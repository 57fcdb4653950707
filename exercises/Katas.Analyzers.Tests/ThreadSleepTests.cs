using Microsoft.CodeAnalysis.Testing;

namespace Katas.Analyzers.Tests;

/// <summary>KATA001: Thread.Sleep, kata 10's bug, and its fix to an await of Task.Delay on the TimeProvider.</summary>
public class ThreadSleepTests
{
    /// <summary>Kata 10's stub, as the learner gets it.</summary>
    private const string PageClient = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class PageClient(TimeProvider timeProvider)
        {
            public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
            {
                {|#0:Thread.Sleep(latency)|};
                return $"<h1>{page}</h1>";
            }
        }
        """;

    [Test]
    public Task Thread_Sleep_in_an_async_method_is_reported_with_the_fix_and_kata_10() =>
        Verify.Diagnostics<ThreadSleepAnalyzer>(PageClient, new DiagnosticResult(ThreadSleepAnalyzer.Rule).WithLocation(0).WithMessage(
            "Thread.Sleep blocks the thread and waits on the real clock; await Task.Delay(delay, timeProvider, cancellationToken) instead (kata 10-blocking)"));

    [Test]
    public Task Thread_Sleep_in_synchronous_code_is_reported_too() =>
        Verify.Diagnostics<ThreadSleepAnalyzer>("""
            using System.Threading;

            public static class Worker
            {
                public static void Work() => [|Thread.Sleep(100)|];
            }
            """);

    [Test]
    public Task Task_Delay_on_the_TimeProvider_is_not_reported() =>
        Verify.Diagnostics<ThreadSleepAnalyzer>("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class PageClient(TimeProvider timeProvider)
            {
                public async Task FetchAsync(TimeSpan latency, CancellationToken cancellationToken) =>
                    await Task.Delay(latency, timeProvider, cancellationToken);
            }
            """);

    [Test]
    public Task A_katas_test_file_is_not_reported() =>
        Verify.Diagnostics<ThreadSleepAnalyzer>([("/0/BlockingTests.cs", """
            using System.Threading;

            public static class Watchdog
            {
                public static void Wait() => Thread.Sleep(10);
            }
            """)]);

    [Test]
    public Task Fix_awaits_Task_Delay_on_the_TimeProvider_in_scope_with_the_token() =>
        Verify.Fix<ThreadSleepAnalyzer, ThreadSleepCodeFix>(PageClient.Replace("{|#0:", "[|"), """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class PageClient(TimeProvider timeProvider)
            {
                public async Task<string> FetchAsync(string page, TimeSpan latency, CancellationToken cancellationToken = default)
                {
                    await Task.Delay(latency, timeProvider, cancellationToken);
                    return $"<h1>{page}</h1>";
                }
            }
            """);

    [Test]
    public Task Fix_turns_milliseconds_into_a_TimeSpan_and_takes_a_TimeProvider_field_without_a_token() =>
        Verify.Fix<ThreadSleepAnalyzer, ThreadSleepCodeFix>("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Poller
            {
                private readonly TimeProvider _clock = TimeProvider.System;

                public async Task PollAsync()
                {
                    [|Thread.Sleep(250)|];
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Poller
            {
                private readonly TimeProvider _clock = TimeProvider.System;

                public async Task PollAsync()
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), _clock);
                }
            }
            """);

    [Test]
    public Task No_fix_without_a_TimeProvider_in_scope() =>
        Verify.Fix<ThreadSleepAnalyzer, ThreadSleepCodeFix>(NoTimeProvider, NoTimeProvider);

    private const string NoTimeProvider = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Poller
        {
            public static async Task PollAsync(TimeSpan delay)
            {
                [|Thread.Sleep(delay)|];
            }
        }
        """;

    [Test]
    public Task No_fix_outside_an_async_method() =>
        Verify.Fix<ThreadSleepAnalyzer, ThreadSleepCodeFix>(Synchronous, Synchronous);

    private const string Synchronous = """
        using System;
        using System.Threading;

        public static class Poller
        {
            public static void Poll(TimeSpan delay, TimeProvider timeProvider)
            {
                [|Thread.Sleep(delay)|];
            }
        }
        """;
}
