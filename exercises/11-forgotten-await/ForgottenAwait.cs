namespace Katas.ForgottenAwait;

/// <summary>
/// The note editor of a small app: a text box, a status line, and two buttons. Save stores the text; Close saves
/// it, then closes the form. The app clicks a button with <see cref="Button.ClickAsync"/> and awaits the click.
/// </summary>
/// <remarks>
/// This code works, most of the time: click Save and the note does get stored, a moment later. It also has the
/// tutorial's second mistake in it, the C# way: work that nobody awaits. Run the tests, read the failures (and the
/// warnings your editor underlines), then fix the two handlers. Keep the buttons, the properties and what they mean.
/// </remarks>
public sealed class NoteForm
{
    private readonly INoteStore _store;

    /// <summary>A form that saves to <paramref name="store"/>.</summary>
    /// <param name="store">Where the note is saved.</param>
    public NoteForm(INoteStore store)
    {
        _store = store;
        // The button takes a handler that returns a Task (and awaits it) or one that returns nothing.
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

    // TODO: fix the bug. The app awaits SaveButton.ClickAsync() and takes "Saved" for granted once it returns. But
    //       the save below is started and never awaited, so this handler is done long before the save is (and
    //       nobody hears if it fails). And an async void method cannot be awaited by anyone: not by the button,
    //       not by OnCloseClicked.
    private async void OnSaveClicked(CancellationToken cancellationToken)
    {
        Status = "Saving...";
        _store.SaveAsync(Text, cancellationToken);
        Status = "Saved";
    }

    // TODO: fix the bug. The form must close only once the save is done, and stay open if it failed.
    private void OnCloseClicked(CancellationToken cancellationToken)
    {
        OnSaveClicked(cancellationToken);
        IsOpen = false;
    }
}
