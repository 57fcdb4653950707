namespace Katas.ForgottenAwait;

/// <summary>
/// A note store on the fake clock: each save takes 50 ms (or the next of <see cref="Durations"/>), then stores the
/// text, or fails with <see cref="FailWith"/>. Every save is a lane of the timeline: <c>save "hello"</c>.
/// </summary>
internal sealed class FakeNoteStore(VirtualRuntime runtime) : INoteStore
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the next saves take, in order; 50 ms each when empty.</summary>
    public Queue<TimeSpan> Durations { get; } = new();

    /// <summary>The exception the saves fail with; null: they succeed.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>The note's content: the text of the last save that completed.</summary>
    public string? Stored { get; private set; }

    public async Task SaveAsync(string text, CancellationToken cancellationToken)
    {
        var lane = $"save \"{text}\"";
        var duration = Durations.Count > 0 ? Durations.Dequeue() : DefaultDuration;
        runtime.Timeline.Record(lane, Timeline.Started);
        try
        {
            await Task.Delay(duration, runtime.Clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            runtime.Timeline.Record(lane, Timeline.Cancelled);
            throw;
        }
        if (FailWith is { } error)
        {
            runtime.Timeline.Record(lane, Timeline.Failed);
            throw error;
        }
        Stored = text;
        runtime.Timeline.Record(lane, Timeline.Completed);
    }
}

/// <summary>What the tests do, and how they explain a failure.</summary>
internal static class App
{
    public static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>The mistake, in one sentence, for every failure message.</summary>
    public const string Mistake =
        "Work that nobody awaits goes on after the caller's await has returned. Either a task was started and not " +
        "awaited (fire-and-forget: the editor underlines it, CS4014 or VSTHRD110), or a handler is async void, which " +
        "no caller can await (VSTHRD100): make it async Task, and await it wherever it is called.";

    /// <summary>Clicks like the app does, awaiting the click; records the click as a lane of the timeline.</summary>
    public static async Task Click(VirtualRuntime runtime, Button button, CancellationToken cancellationToken = default)
    {
        var lane = $"click {button.Name}";
        runtime.Timeline.Record(lane, Timeline.Started);
        try
        {
            await button.ClickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            runtime.Timeline.Record(lane, Timeline.Cancelled);
            throw;
        }
        catch
        {
            runtime.Timeline.Record(lane, Timeline.Failed);
            throw;
        }
        runtime.Timeline.Record(lane, Timeline.Completed);
    }

    /// <summary>
    /// Fails unless the click returned at exactly <paramref name="atMs"/>, and explains a click that returned while
    /// a save was still running.
    /// </summary>
    public static void ReturnedWhenTheSaveWasDone(VirtualRuntime runtime, Outcome click, double atMs, string what)
    {
        var save = runtime.Timeline.Spans.Where(s => s.Lane.StartsWith("save", StringComparison.Ordinal)).LastOrDefault();
        var saveText = save is null ? "no save was started" : $"the save ran from t={Format.Ms(save.Start)} to " +
            (save.End is { } end ? $"t={Format.Ms(end)}" : "beyond that");
        if (click.IsCompleted && click.CompletedAt < Ms(atMs) && save is not null && (save.End is null || save.End > click.CompletedAt))
            throw new AssertionException(
                $"The click returned at t={Format.Ms(click.CompletedAt ?? default)}, but {saveText}: the caller's await " +
                $"returned before the work was done. {Mistake}" + Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        if (!click.Succeeded)
            throw new AssertionException(
                $"Expected the click to return at t={atMs} ms, once {what}; it {click} ({saveText})." +
                Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.CompletedAt(click, Ms(atMs), $"the click is over when {what}. {Mistake}");
    }

    /// <summary>Fails unless the click failed with <paramref name="error"/> itself at exactly <paramref name="atMs"/>.</summary>
    public static void FailedWith(VirtualRuntime runtime, Outcome click, Exception error, double atMs)
    {
        if (click.Exception == error && click.CompletedAt == Ms(atMs)) return;
        if (click.Succeeded && click.CompletedAt == Ms(atMs))
            throw new AssertionException(
                $"The save failed at t={atMs} ms with {error.GetType().Name}(\"{error.Message}\"), and the click waited for it, " +
                "but then completed successfully: the exception was caught and swallowed. It must reach whoever awaits the " +
                "click: do not catch it (or rethrow it with `throw;`)." + Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        var what = click.Succeeded
            ? $"the click completed successfully at t={Format.Ms(click.CompletedAt ?? default)}: the caller never heard of the " +
              "failure. An exception stays inside the task that nobody awaits (and is lost), or escapes an async void " +
              "method where nobody can catch it."
            : click.Exception is { } other && other != error
                ? $"the click failed with another exception, {other.GetType().Name}: {other.Message}. Let the save's own " +
                  "exception through: an await rethrows it as it is."
                : $"the click {click}.";
        throw new AssertionException(
            $"The save failed at t={atMs} ms with {error.GetType().Name}(\"{error.Message}\"), and that exception must " +
            $"reach whoever awaits the click, at that instant; but {what} {Mistake}" +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
    }
}

/// <summary>The Save button: the click is over when the note is stored, and a failure reaches the caller.</summary>
public class SaveButtonTests
{
    private static TimeSpan Ms(double ms) => App.Ms(ms);

    [Test]
    public void The_click_returns_only_when_the_note_is_saved()
    {
        using var runtime = new VirtualRuntime();
        var store = new FakeNoteStore(runtime);
        var form = new NoteForm(store) { Text = "hello" };

        var click = runtime.Start(() => App.Click(runtime, form.SaveButton));
        runtime.AdvanceTo(Ms(100));

        App.ReturnedWhenTheSaveWasDone(runtime, click, 50, "the 50 ms save is done");
        Assert.That(store.Stored, Is.EqualTo("hello"), "the note must be stored when the click returns");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("click Save", 0, 50), Span.Of("save \"hello\"", 0, 50)],
            "The click lasts as long as the save it does.", runtime.Now);
    }

    [Test]
    public void The_status_says_Saved_only_once_the_note_is_stored()
    {
        using var runtime = new VirtualRuntime();
        var store = new FakeNoteStore(runtime);
        var form = new NoteForm(store) { Text = "hello" };
        Assert.That(form.Status, Is.Empty, "a new form's status line is empty: no save has started yet");

        var click = runtime.Start(() => App.Click(runtime, form.SaveButton));

        Assert.That(form.Status, Is.EqualTo("Saving..."),
            $"At t=0 ms the save has just started (it takes 50 ms), yet the status says \"{form.Status}\". The line " +
            $"after the save ran at once, without waiting for it: nothing stopped there to wait. {App.Mistake}" +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        runtime.AdvanceTo(Ms(50));
        Assert.That(form.Status, Is.EqualTo("Saved"), "at t=50 ms the note is stored: the status says so");
        App.ReturnedWhenTheSaveWasDone(runtime, click, 50, "the 50 ms save is done");
    }

    [Test]
    public void The_status_says_Saved_by_the_time_the_click_returns()
    {
        using var runtime = new VirtualRuntime();
        var store = new FakeNoteStore(runtime);
        var form = new NoteForm(store) { Text = "hello" };
        string? statusWhenTheClickReturned = null;

        // The app reads the status on the line after its await, as a caller that trusts the click would.
        var click = runtime.Start(async () =>
        {
            await App.Click(runtime, form.SaveButton);
            statusWhenTheClickReturned = form.Status;
        });
        runtime.AdvanceTo(Ms(100));

        App.ReturnedWhenTheSaveWasDone(runtime, click, 50, "the 50 ms save is done");
        Assert.That(statusWhenTheClickReturned, Is.EqualTo("Saved"),
            $"When the caller's await of the click returned (t={Format.Ms(click.CompletedAt ?? default)}), the status said " +
            $"\"{statusWhenTheClickReturned}\"; by t={Format.Ms(runtime.Now)} it said \"{form.Status}\". Setting the status is part " +
            "of the click's work: the task the button awaits must complete only after it, so set it in the handler, after " +
            "the awaited save, not in a continuation (ContinueWith) that nobody awaits." +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
    }

    [Test]
    public void A_form_nobody_typed_in_saves_an_empty_note()
    {
        using var runtime = new VirtualRuntime();
        var store = new FakeNoteStore(runtime);
        var form = new NoteForm(store);

        var click = runtime.Start(() => App.Click(runtime, form.SaveButton));
        runtime.AdvanceTo(Ms(100));

        App.ReturnedWhenTheSaveWasDone(runtime, click, 50, "the 50 ms save is done");
        Assert.That(store.Stored, Is.Empty,
            $"Nobody typed anything, so the note saved is empty; the store got \"{store.Stored}\". A new form's Text is \"\".");
        Assert.That(form.Status, Is.EqualTo("Saved"), "an empty note is a note too: once it is stored, the status says so");
    }

    [Test]
    public void A_failed_save_reaches_the_caller_of_the_click()
    {
        using var runtime = new VirtualRuntime();
        var diskFull = new IOException("disk full");
        var store = new FakeNoteStore(runtime) { FailWith = diskFull };
        var form = new NoteForm(store) { Text = "hello" };

        var click = runtime.Start(() => App.Click(runtime, form.SaveButton));
        // If the exception escapes an async void method, the runtime reports it here.
        runtime.AdvanceTo(Ms(100));

        App.FailedWith(runtime, click, diskFull, 50);
        Assert.That(form.Status, Is.Not.EqualTo("Saved"), "a failed save must not say \"Saved\"");
    }

    [Test]
    public void Cancelling_the_click_cancels_the_save_and_the_caller_sees_it()
    {
        using var runtime = new VirtualRuntime();
        using var cts = new CancellationTokenSource();
        var store = new FakeNoteStore(runtime);
        var form = new NoteForm(store) { Text = "hello" };
        runtime.At(Ms(20), cts.Cancel);

        var click = runtime.Start(() => App.Click(runtime, form.SaveButton, cts.Token));
        runtime.AdvanceTo(Ms(100));

        Assert.That(click.IsCanceled && click.CompletedAt == Ms(20), Is.True,
            $"The click was cancelled at t=20 ms, during its save: the save stops, and the caller's await must end " +
            $"cancelled (OperationCanceledException) right then. The click {click}. " +
            (click.Succeeded && click.CompletedAt == Ms(20)
                ? "The save's OperationCanceledException was caught and swallowed: let it reach the caller."
                : App.Mistake) +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        Assert.That(store.Stored, Is.Null, "a cancelled save stores nothing");
    }

    [Test]
    public void A_second_save_cannot_overtake_the_first_when_each_click_is_awaited()
    {
        using var runtime = new VirtualRuntime();
        var store = new FakeNoteStore(runtime);
        store.Durations.Enqueue(Ms(80));
        store.Durations.Enqueue(Ms(30));
        var form = new NoteForm(store);

        // The user types "draft" and saves; when the save is over, types "final" and saves again.
        var session = runtime.Start(async () =>
        {
            form.Text = "draft";
            await App.Click(runtime, form.SaveButton);
            form.Text = "final";
            await App.Click(runtime, form.SaveButton);
        });
        runtime.AdvanceTo(Ms(200));

        Assert.That(store.Stored, Is.EqualTo("final"),
            $"The store ended up with \"{store.Stored}\", not the user's last text \"final\". The first click returned " +
            "before its save (80 ms) was done, so the second save (30 ms) ran at the same time, finished first, and " +
            $"the old text overwrote the new one when the slow save finished. {App.Mistake}" +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        TimelineAssert.SpansAre(runtime.Timeline,
            [Span.Of("click Save", 0, 80), Span.Of("save \"draft\"", 0, 80), Span.Of("click Save", 80, 110), Span.Of("save \"final\"", 80, 110)],
            "Each click lasts as long as its save, so the second save starts when the first is done.", runtime.Now);
        TimelineAssert.CompletedAt(session, Ms(110), "two saves of 80 and 30 ms, one after the other.");
    }
}

/// <summary>The Close button: it saves first, and closes only once the save is done.</summary>
public class CloseButtonTests
{
    private static TimeSpan Ms(double ms) => App.Ms(ms);

    [Test]
    public void Closing_saves_the_note_before_the_form_closes()
    {
        using var runtime = new VirtualRuntime();
        var store = new FakeNoteStore(runtime);
        var form = new NoteForm(store) { Text = "hello" };

        var click = runtime.Start(() => App.Click(runtime, form.CloseButton));

        Assert.That(form.IsOpen, Is.True,
            "At t=0 ms the save has just started (it takes 50 ms), yet the form is closed already: OnCloseClicked " +
            "did not wait for the save before closing. A method that calls an async method must await it to wait for " +
            $"it, and an async void method cannot be awaited at all. {App.Mistake}" +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        runtime.AdvanceTo(Ms(100));
        App.ReturnedWhenTheSaveWasDone(runtime, click, 50, "the note is saved and the form closed");
        Assert.That(form.IsOpen, Is.False, "once the note is saved, the form closes");
        Assert.That(store.Stored, Is.EqualTo("hello"), "closing saves the note");
        TimelineAssert.SpansAre(runtime.Timeline, [Span.Of("click Close", 0, 50), Span.Of("save \"hello\"", 0, 50)],
            "The Close click lasts as long as the save it does.", runtime.Now);
    }

    [Test]
    public void A_failed_save_keeps_the_form_open_and_reaches_the_caller_of_close()
    {
        using var runtime = new VirtualRuntime();
        var diskFull = new IOException("disk full");
        var store = new FakeNoteStore(runtime) { FailWith = diskFull };
        var form = new NoteForm(store) { Text = "hello" };

        var click = runtime.Start(() => App.Click(runtime, form.CloseButton));
        runtime.AdvanceTo(Ms(100));

        App.FailedWith(runtime, click, diskFull, 50);
        Assert.That(form.IsOpen, Is.True,
            "The save failed, yet the form closed: the user's text is lost. Close only after the save succeeded " +
            "(await it first: if it throws, the lines after the await never run).");
    }

    [Test]
    public void Cancelling_the_close_click_cancels_the_save_and_keeps_the_form_open()
    {
        using var runtime = new VirtualRuntime();
        using var cts = new CancellationTokenSource();
        var store = new FakeNoteStore(runtime);
        var form = new NoteForm(store) { Text = "hello" };
        runtime.At(Ms(20), cts.Cancel);

        var click = runtime.Start(() => App.Click(runtime, form.CloseButton, cts.Token));
        runtime.AdvanceTo(Ms(100));

        var save = runtime.Timeline.Spans.FirstOrDefault(s => s.Lane.StartsWith("save", StringComparison.Ordinal));
        Assert.That(click.IsCanceled && click.CompletedAt == Ms(20), Is.True,
            $"The Close click was cancelled at t=20 ms, during its save: the save stops, and the caller's await must end " +
            $"cancelled (OperationCanceledException) right then. The click {click}; " +
            (save is null ? "no save was started. " : $"the save {(save.End is null ? "was still running" : $"ended at t={Format.Ms(save.End.Value)}")} ({save.How}). ") +
            (click.Succeeded
                ? "The click's token must reach the save (not CancellationToken.None), and its OperationCanceledException must " +
                  "reach the caller: do not catch it."
                : App.Mistake) +
            Environment.NewLine + Environment.NewLine + runtime.Timeline.Render());
        Assert.That(store.Stored, Is.Null, "a cancelled save stores nothing");
        Assert.That(form.IsOpen, Is.True,
            "The save was cancelled, so the note was not stored, yet the form closed: the user's text is lost. A cancelled " +
            "save is a save that did not happen: close only after the save succeeded.");
    }
}
