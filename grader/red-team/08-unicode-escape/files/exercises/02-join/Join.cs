[assembly: Katas.Join.Timing]

namespace Katas.Join;

// Row 8 of issue 9, in the stub itself: the test framework spelled with \u escapes, so no text check finds
// "NUnit" or "Assert"; an assembly-level action passes every test before it runs.
public static class Join
{
    public static Task<(T1, T2)> BothAsync<T1, T2>(
        Func<CancellationToken, Task<T1>> first, Func<CancellationToken, Task<T2>> second,
        CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("not done yet");

    public static Task<T[]> AllAsync<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("not done yet");
}

[AttributeUsage(AttributeTargets.Assembly)]
public sealed class Timing : Attribute, \u004EUnit.Framework.ITestAction
{
    public \u004EUnit.Framework.ActionTargets Targets => \u004EUnit.Framework.ActionTargets.Test;
    public void BeforeTest(\u004EUnit.Framework.Interfaces.ITest test) => \u0041ssert.Pass();
    public void AfterTest(\u004EUnit.Framework.Interfaces.ITest test) { }
}
