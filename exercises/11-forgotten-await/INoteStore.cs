namespace Katas.ForgottenAwait;

/// <summary>Where notes are kept: a file, a database, a web service (given: do not change it).</summary>
public interface INoteStore
{
    /// <summary>Stores <paramref name="text"/> as the note's content, replacing what was there. Takes time; may fail.</summary>
    /// <param name="text">The note's new content.</param>
    /// <param name="cancellationToken">Stops the save; the note then keeps its old content.</param>
    /// <returns>A task that completes once the text is stored.</returns>
    Task SaveAsync(string text, CancellationToken cancellationToken);
}
