namespace Katas.Testing.Tests;

/// <summary>
/// Nothing the learner's objects do while the harness reads them for a message can change the verdict:
/// a getter that throws (even NUnit's own SuccessException, the exception Assert.Pass throws) becomes text
/// in a failure.
/// </summary>
public class LearnerTextTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void A_task_faulted_with_an_exception_whose_Message_throws_SuccessException_fails_the_test()
    {
        using var runtime = new VirtualRuntime();
        var outcome = runtime.Run<int>(async () =>
        {
            await Task.Delay(Ms(10), runtime.Clock);
            throw new HijackingException(() => new SuccessException("x"));
        });

        Assert.That(outcome.ToString(), Is.EqualTo(
            "failed at t=10 ms with HijackingException: (could not read the HijackingException's message: NUnit.Framework.SuccessException)"));
        var error = Assert.Throws<AssertionException>(() => _ = outcome.Value);
        Assert.That(error!.Message, Does.StartWith("Expected a result, but the call failed at t=10 ms").And.Contain("could not read"));
    }

    [TestCase(typeof(IgnoreException))]
    [TestCase(typeof(InconclusiveException))]
    [TestCase(typeof(SuccessException))]
    public void An_escaped_exception_whose_Message_and_ToString_throw_is_a_failure(Type thrown)
    {
        using var runtime = new VirtualRuntime();
        async void FireAndForget()
        {
            await Task.Delay(Ms(5), runtime.Clock);
            throw new HijackingException(() => (Exception)Activator.CreateInstance(thrown, "x")!);
        }
        var error = Assert.Throws<AssertionException>(() => runtime.Run(async () =>
        {
            FireAndForget();
            await Task.Delay(Ms(10), runtime.Clock);
            return 1;
        }));
        Assert.That(error!.Message, Does.Contain("escaped").And.Contain($"could not read the HijackingException's message: {thrown.FullName}"));
    }

    [Test]
    public void A_result_whose_ToString_throws_IgnoreException_is_described_not_obeyed()
    {
        using var runtime = new VirtualRuntime();
        var outcome = runtime.Run(async () =>
        {
            await Task.Delay(Ms(10), runtime.Clock);
            return new HijackingResult();
        });

        Assert.That(outcome.ToString(), Is.EqualTo("completed at t=10 ms with (could not read the HijackingResult's ToString(): NUnit.Framework.IgnoreException)"));
        Assert.Throws<AssertionException>(() => TimelineAssert.CompletedAt(outcome, Ms(20), "hint"));
    }

    [Test]
    public void A_result_sequence_that_throws_while_enumerated_is_described_not_obeyed()
    {
        using var runtime = new VirtualRuntime();
        var outcome = runtime.Run(() => Task.FromResult<IEnumerable<int>>(Throwing()));
        Assert.That(outcome.ToString(), Does.Contain("(could not read the result's items: NUnit.Framework.SuccessException)"));

        static IEnumerable<int> Throwing()
        {
            yield return 1;
            throw new SuccessException("x");
        }
    }

    [Test]
    public void A_step_of_the_test_that_throws_an_exception_whose_ToString_throws_is_a_failure()
    {
        using var runtime = new VirtualRuntime();
        runtime.At(Ms(5), () => throw new HijackingException(() => new SuccessException("x")));
        var error = Assert.Throws<AssertionException>(() => runtime.Run(async () => { await Task.Delay(Ms(10), runtime.Clock); return 1; }));
        Assert.That(error!.Message, Does.Contain("could not read the HijackingException: NUnit.Framework.SuccessException"));
    }

    /// <summary>A cheating exception: reading its message or text throws whatever it was given.</summary>
    private sealed class HijackingException(Func<Exception> thrown) : Exception
    {
        public override string Message => throw thrown();
        public override string ToString() => throw thrown();
    }

    /// <summary>A cheating result: its text is Assert.Ignore.</summary>
    private sealed class HijackingResult
    {
        public override string ToString() => throw new IgnoreException("x");
    }
}
