namespace Katas.ForgottenAwait;

// WRONG ANSWER: hands the save's task to the button, but sets "Saved" in a ContinueWith on the UI thread that nobody awaits: the click is over before the status says so.

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

    /// <summary>Saves the text, then closes the form. A form whose save failed stays open.</summary>
    public Button CloseButton { get; }

    private Task OnSaveClicked(CancellationToken cancellationToken)
    {
        Status = "Saving...";
        var save = _store.SaveAsync(Text, cancellationToken);
        // Update the status on the UI thread once the save is done.
        save.ContinueWith(_ => Status = "Saved", CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.FromCurrentSynchronizationContext());
        return save;
    }

    private async Task OnCloseClicked(CancellationToken cancellationToken)
    {
        await OnSaveClicked(cancellationToken);
        IsOpen = false;
    }
}
