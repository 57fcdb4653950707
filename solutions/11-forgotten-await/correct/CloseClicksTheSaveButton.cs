namespace Katas.ForgottenAwait;

// CORRECT: the handlers are async lambdas given straight to the buttons (each picks the Func<CancellationToken, Task>
// constructor), and Close awaits a click of the Save button instead of calling a handler method.

public sealed class NoteForm
{
    private readonly INoteStore _store;

    public NoteForm(INoteStore store)
    {
        _store = store;
        SaveButton = new Button("Save", async cancellationToken =>
        {
            Status = "Saving...";
            try
            {
                await _store.SaveAsync(Text, cancellationToken);
            }
            catch
            {
                Status = "";
                throw; // rethrown as it is: the caller gets the save's own exception
            }
            Status = "Saved";
        });
        CloseButton = new Button("Close", async cancellationToken =>
        {
            await SaveButton.ClickAsync(cancellationToken);
            IsOpen = false;
        });
    }

    public string Text { get; set; } = "";

    public string Status { get; private set; } = "";

    public bool IsOpen { get; private set; } = true;

    public Button SaveButton { get; }

    public Button CloseButton { get; }
}
