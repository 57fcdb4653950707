namespace Katas.Testing;

/// <summary>Assertions on timing whose failures draw the expected and the actual timeline side by side.</summary>
public static class TimelineAssert
{
    /// <summary>
    /// Fails unless the timeline's spans are exactly <paramref name="expected"/> (lane, start, end, ending),
    /// in any order; <paramref name="hint"/> says what a difference usually means.
    /// </summary>
    public static void SpansAre(Timeline timeline, IReadOnlyList<Span> expected, string hint, TimeSpan now)
    {
        var actual = timeline.Spans;
        var sortedExpected = expected.OrderBy(s => s.Start).ThenBy(s => s.Lane, StringComparer.Ordinal).ToList();
        if (actual.SequenceEqual(sortedExpected)) return;
        throw new AssertionException(
            hint + Environment.NewLine + Environment.NewLine +
            Gantt.Compare(sortedExpected, actual, now) + Environment.NewLine + Environment.NewLine + timeline);
    }

    /// <summary>Fails unless <paramref name="outcome"/> completed at exactly <paramref name="expected"/>.</summary>
    /// <param name="outcome">What the code under test did.</param>
    /// <param name="expected">The fake time it should have finished at.</param>
    /// <param name="hint">What finishing at another time usually means, e.g. "awaited one after the other?".</param>
    public static void CompletedAt(Outcome outcome, TimeSpan expected, string hint)
    {
        if (outcome.IsCompleted && outcome.CompletedAt == expected) return;
        var actual = outcome.IsCompleted ? $"finished at t={Format.Ms(outcome.CompletedAt ?? default)}" : outcome.ToString();
        throw new AssertionException(
            $"{actual}, expected t={Format.Ms(expected)}: {hint}" + Environment.NewLine + Environment.NewLine +
            outcome.Timeline.Render());
    }
}
