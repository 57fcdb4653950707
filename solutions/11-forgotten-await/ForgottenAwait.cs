namespace Katas.ForgottenAwait;

/// <summary>
/// The note editor of a small app: a text box, a status line, and two buttons. Save stores the text; Close saves
/// it, then closes the form. The app clicks a button with <see cref="Button.ClickAsync"/> and awaits the click.
/// </summary>
public sealed class NoteForm
{
    private readonly INoteStore _store;

    /// <summary>A form that saves to <paramref name="store"/>.</summary>
    /// <param name="store">Where the note is saved.</param>
    public NoteForm(INoteStore store)
    {
        _store = store;
        // The handlers return a Task, so these pick the constructor that awaits them.
        SaveButton = new Button("Save", OnSaveClicked);
        CloseButton = new Button("Close", OnCloseClicked);
    }

    /// <summary>What the user typed.</summary>
    public string Text { get; set; } = "";

    /// <summary>The status line: "" at first, "Saving..." while a save runs, "Saved" once the text is stored.</summary>
    public string Status { get; private set; } = "";

    /// <summary>True until the form was closed (after its text was saved).</summary>
    public bool IsOpen { get; private set; } = true;

    /// <summary>Stores the text. A click is over when the text is stored; a failed save reaches the clicker.</summary>
    public Button SaveButton { get; }

    /// <summary>Saves the text, then closes the form. A form whose save failed or was cancelled stays open.</summary>
    public Button CloseButton { get; }

    // async Task, not async void: the button gets a task to await, so the click is over when the save is, and
    // the save's exception travels to whoever awaits the click instead of escaping where nobody can catch it.
    private async Task OnSaveClicked(CancellationToken cancellationToken)
    {
        Status = "Saving...";
        // Awaited: the rest of the method waits here for the save to finish, and rethrows its exception.
        await _store.SaveAsync(Text, cancellationToken);
        Status = "Saved";
    }

    // Async all the way up: a caller of an async method awaits it, or it too is done before the work is.
    private async Task OnCloseClicked(CancellationToken cancellationToken)
    {
        await OnSaveClicked(cancellationToken);
        IsOpen = false;
    }
}
