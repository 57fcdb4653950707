namespace Katas.Select;

/// <summary>
/// The winner of a race of many operations: which one won (its position in the list you raced) and its value.
/// </summary>
/// <typeparam name="T">The type of the operations' results.</typeparam>
/// <param name="Index">The position of the winning operation in the sequence that was raced, from 0.</param>
/// <param name="Value">The winner's result.</param>
public sealed record Winner<T>(int Index, T Value);

/// <summary>
/// The winner of a race of two operations whose results may have different types, like the two branches of
/// tokio's <c>select!</c>: either the first won, with a <typeparamref name="T1"/>, or the second, with a
/// <typeparamref name="T2"/>.
/// </summary>
/// <typeparam name="T1">The type of the first operation's result.</typeparam>
/// <typeparam name="T2">The type of the second operation's result.</typeparam>
public sealed class Winner<T1, T2>
{
    private readonly T1 _first;
    private readonly T2 _second;

    private Winner(bool firstWon, T1 first, T2 second)
    {
        FirstWon = firstWon;
        _first = first;
        _second = second;
    }

    /// <summary>The first operation won with <paramref name="value"/>.</summary>
    public static Winner<T1, T2> First(T1 value) => new(true, value, default!);

    /// <summary>The second operation won with <paramref name="value"/>.</summary>
    public static Winner<T1, T2> Second(T2 value) => new(false, default!, value);

    /// <summary>True when the first operation won.</summary>
    public bool FirstWon { get; }

    /// <summary>True when the second operation won.</summary>
    public bool SecondWon => !FirstWon;

    /// <summary>The first operation's result.</summary>
    /// <exception cref="InvalidOperationException">The second operation won.</exception>
    public T1 FirstValue => FirstWon ? _first : throw new InvalidOperationException($"The first operation did not win: {this}.");

    /// <summary>The second operation's result.</summary>
    /// <exception cref="InvalidOperationException">The first operation won.</exception>
    public T2 SecondValue => SecondWon ? _second : throw new InvalidOperationException($"The second operation did not win: {this}.");

    /// <summary>
    /// Runs the branch of the operation that won, like the <c>=&gt;</c> arms of tokio's <c>select!</c>.
    /// </summary>
    /// <param name="ifFirst">What to do with the first operation's result when it won.</param>
    /// <param name="ifSecond">What to do with the second operation's result when it won.</param>
    public TResult Match<TResult>(Func<T1, TResult> ifFirst, Func<T2, TResult> ifSecond)
    {
        ArgumentNullException.ThrowIfNull(ifFirst);
        ArgumentNullException.ThrowIfNull(ifSecond);
        return FirstWon ? ifFirst(_first) : ifSecond(_second);
    }

    /// <summary>"the first won with 42", for messages.</summary>
    public override string ToString() => FirstWon ? $"the first won with {_first}" : $"the second won with {_second}";
}
