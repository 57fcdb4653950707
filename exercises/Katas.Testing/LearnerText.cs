namespace Katas.Testing;

/// <summary>
/// Reads text from the learner's objects (an exception's message, a result's ToString) for a failure
/// message, so that nothing those objects do can change the verdict: whatever a getter throws, including
/// NUnit's own result exceptions (Assert.Pass's SuccessException, IgnoreException, InconclusiveException,
/// thrown on purpose or through reflection), becomes text inside the failure, never a pass or a skip.
/// </summary>
public static class LearnerText
{
    /// <summary>The text <paramref name="read"/> returns, or "(could not read <paramref name="what"/>: ExceptionType)".</summary>
    /// <param name="read">Reads the learner's object: <c>() =&gt; error.Message</c>.</param>
    /// <param name="what">What is read, for the replacement text: "the exception's message".</param>
    public static string Read(Func<string?> read, string what)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read() ?? "null";
        }
        catch (Exception e)
        {
            // e itself is the learner's too: only its type (a sealed, runtime-provided fact) is safe to show.
            return $"(could not read {what}: {e.GetType().FullName})";
        }
    }

    /// <summary>An exception's message, read safely.</summary>
    public static string MessageOf(Exception? error) =>
        error is null ? "" : Read(() => error.Message, $"the {error.GetType().Name}'s message");

    /// <summary>An exception in full (type, message, stack trace, inner exceptions), read safely.</summary>
    public static string Describe(Exception? error) =>
        error is null ? "" : Read(error.ToString, $"the {error.GetType().Name}");

    /// <summary>Any value's ToString, read safely.</summary>
    public static string Describe(object? value) =>
        value is null ? "null" : Read(value.ToString, $"the {value.GetType().Name}'s ToString()");
}
