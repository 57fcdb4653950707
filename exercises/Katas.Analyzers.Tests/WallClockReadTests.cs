using Microsoft.CodeAnalysis.Testing;

namespace Katas.Analyzers.Tests;

/// <summary>KATA003: the time read from the real clock in kata code, and its fix to the TimeProvider's reading.</summary>
public class WallClockReadTests
{
    private static string Returning(string type, string expression) => $$"""
        using System;
        using System.Diagnostics;

        public sealed class Kata(TimeProvider timeProvider)
        {
            public {{type}} Read() => {{expression}};
        }
        """;

    [Test]
    public Task DateTime_UtcNow_is_reported_with_the_TimeProviders_reading_and_kata_01() =>
        Verify.Diagnostics<WallClockReadAnalyzer>(Returning("DateTime", "{|#0:DateTime.UtcNow|}"),
            new DiagnosticResult(WallClockReadAnalyzer.Rule).WithLocation(0).WithMessage(
                "DateTime.UtcNow reads the real clock, which the tests' fake clock cannot move; use timeProvider.GetUtcNow().UtcDateTime (kata 01-hello-async)"));

    [TestCase("DateTime", "DateTime.Now")]
    [TestCase("DateTime", "DateTime.Today")]
    [TestCase("DateTimeOffset", "DateTimeOffset.UtcNow")]
    [TestCase("DateTimeOffset", "DateTimeOffset.Now")]
    [TestCase("long", "Stopwatch.GetTimestamp()")]
    [TestCase("Stopwatch", "Stopwatch.StartNew()")]
    [TestCase("Stopwatch", "new Stopwatch()")]
    [TestCase("TimeSpan", "Stopwatch.GetElapsedTime(0)")]
    public Task A_reading_of_the_real_clock_is_reported(string type, string reading) =>
        Verify.Diagnostics<WallClockReadAnalyzer>(Returning(type, $"[|{reading}|]"));

    [TestCase("DateTimeOffset", "timeProvider.GetUtcNow()")]
    [TestCase("long", "timeProvider.GetTimestamp()")]
    [TestCase("DateTime", "DateTime.MinValue")]
    [TestCase("DateTime", "new DateTime(2026, 1, 1)")]
    [TestCase("TimeSpan", "Stopwatch.GetElapsedTime(0, 1)")]
    public Task What_reads_no_clock_or_the_TimeProvider_is_not_reported(string type, string expression) =>
        Verify.Diagnostics<WallClockReadAnalyzer>(Returning(type, expression));

    [Test]
    public Task A_katas_test_file_is_not_reported() =>
        Verify.Diagnostics<WallClockReadAnalyzer>([("/0/ConsoleProgramTests.cs", Returning("long", "Stopwatch.GetTimestamp()"))]);

    [TestCase("DateTimeOffset", "DateTimeOffset.UtcNow", "timeProvider.GetUtcNow()")]
    [TestCase("DateTimeOffset", "DateTimeOffset.Now", "timeProvider.GetLocalNow()")]
    [TestCase("DateTime", "DateTime.UtcNow", "timeProvider.GetUtcNow().UtcDateTime")]
    [TestCase("DateTime", "DateTime.Now", "timeProvider.GetLocalNow().DateTime")]
    [TestCase("DateTime", "DateTime.Today", "timeProvider.GetLocalNow().Date")]
    [TestCase("long", "Stopwatch.GetTimestamp()", "timeProvider.GetTimestamp()")]
    public Task Fix_reads_the_TimeProvider_in_scope(string type, string reading, string fixedReading) =>
        Verify.Fix<WallClockReadAnalyzer, WallClockReadCodeFix>(Returning(type, $"[|{reading}|]"), Returning(type, fixedReading));

    [Test]
    public Task No_fix_for_a_Stopwatch_object() =>
        Verify.Fix<WallClockReadAnalyzer, WallClockReadCodeFix>(Returning("Stopwatch", "[|Stopwatch.StartNew()|]"), Returning("Stopwatch", "[|Stopwatch.StartNew()|]"));

    [Test]
    public Task No_fix_without_a_TimeProvider_in_scope() =>
        Verify.Fix<WallClockReadAnalyzer, WallClockReadCodeFix>(NoTimeProvider, NoTimeProvider);

    private const string NoTimeProvider = """
        using System;

        public static class Clock
        {
            public static DateTimeOffset Read() => [|DateTimeOffset.UtcNow|];
        }
        """;
}
