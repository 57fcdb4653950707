namespace Katas.ForgottenAwait;

/// <summary>
/// A button of a tiny UI framework (given: do not change it). Like Blazor's <c>@onclick</c> or an async command,
/// it accepts two kinds of click handler: one that returns a <see cref="Task"/>, which it awaits, and one that
/// returns nothing, which it can only call and forget.
/// </summary>
public sealed class Button
{
    private readonly Func<CancellationToken, Task> _onClick;

    /// <summary>A button whose handler returns a task: a click is over when that task completes.</summary>
    /// <param name="name">The button's caption, e.g. "Save".</param>
    /// <param name="onClick">The handler; it gets a token that cancels the click.</param>
    public Button(string name, Func<CancellationToken, Task> onClick)
    {
        Name = name;
        _onClick = onClick;
    }

    /// <summary>
    /// A button whose handler returns nothing (<c>void</c>, or <c>async void</c>): a click is over as soon as the
    /// handler returns, because there is nothing to wait for.
    /// </summary>
    /// <param name="name">The button's caption, e.g. "Save".</param>
    /// <param name="onClick">The handler; it gets a token that cancels the click.</param>
    public Button(string name, Action<CancellationToken> onClick)
    {
        Name = name;
        _onClick = cancellationToken =>
        {
            onClick(cancellationToken);
            return Task.CompletedTask;
        };
    }

    /// <summary>The button's caption.</summary>
    public string Name { get; }

    /// <summary>
    /// Clicks the button, as the app does when the user clicks it: runs the handler and returns a task that
    /// completes when the handler's work is over, as far as the button can know.
    /// </summary>
    /// <param name="cancellationToken">Cancels the click's work (the user closed the app, say).</param>
    /// <returns>The handler's own task, or a completed task for a handler that returns nothing.</returns>
    public Task ClickAsync(CancellationToken cancellationToken = default) => _onClick(cancellationToken);
}
