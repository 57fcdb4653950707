namespace Katas.ForgottenAwait;

// CORRECT: no async keyword at all: each handler returns a task built with ContinueWith(...).Unwrap(), which completes
// only after the status (or IsOpen) is set, and carries the save's own exception or cancellation to the caller.

public sealed class NoteForm
{
    private readonly INoteStore _store;

    public NoteForm(INoteStore store)
    {
        _store = store;
        SaveButton = new Button("Save", OnSaveClicked);
        CloseButton = new Button("Close", OnCloseClicked);
    }

    public string Text { get; set; } = "";

    public string Status { get; private set; } = "";

    public bool IsOpen { get; private set; } = true;

    public Button SaveButton { get; }

    public Button CloseButton { get; }

    private Task OnSaveClicked(CancellationToken cancellationToken)
    {
        Status = "Saving...";
        return _store.SaveAsync(Text, cancellationToken).ContinueWith(save =>
        {
            if (save.IsCompletedSuccessfully) Status = "Saved";
            return save; // unwrapped: the caller's task ends as the save did, with its very exception
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    private Task OnCloseClicked(CancellationToken cancellationToken) =>
        OnSaveClicked(cancellationToken).ContinueWith(save =>
        {
            if (save.IsCompletedSuccessfully) IsOpen = false;
            return save;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
}
