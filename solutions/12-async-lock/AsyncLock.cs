namespace Katas.AsyncLock;

/// <summary>
/// A bank account whose every update reads the balance, records the transaction in a ledger (which
/// takes time: an <c>await</c>) and then writes the new balance. Many callers update it at once: the
/// updates of one account take turns, in the order they asked; two accounts do not wait for each other.
/// </summary>
/// <param name="ledger">Where every transaction is recorded before it counts.</param>
/// <param name="openingBalance">The balance before the first update.</param>
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    // The async lock: at most one holder (initial count 1, maximum 1). Waiting for it is an await that
    // frees the thread, and the holder may await while holding it, which a `lock` statement forbids.
    private readonly SemaphoreSlim _lock = new(1, 1);
    private decimal _balance = openingBalance;

    /// <summary>The balance after the last completed update. Read it when no update is running.</summary>
    public decimal Balance => _balance;

    /// <summary>Adds <paramref name="amount"/> to the balance, once the ledger has recorded it.</summary>
    /// <param name="amount">How much to add.</param>
    /// <param name="cancellationToken">Gives up; the balance is then unchanged.</param>
    /// <returns>The balance right after this deposit.</returns>
    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    /// <summary>Takes <paramref name="amount"/> from the balance, once the ledger has recorded it.</summary>
    /// <param name="amount">How much to take.</param>
    /// <param name="cancellationToken">Gives up; the balance is then unchanged.</param>
    /// <returns>The balance right after this withdrawal.</returns>
    /// <exception cref="InsufficientFundsException">The balance is smaller than <paramref name="amount"/>; nothing changes.</exception>
    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);

    /// <summary>The critical section: read the balance, record the transaction, write the balance.</summary>
    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        // Wait for our turn without blocking the thread. The token lets a caller give up while it waits.
        // This line is outside the try: a caller cancelled here never got the lock and must not release it.
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var updated = _balance + change;
            if (updated < 0) throw new InsufficientFundsException(_balance, -change);

            // Still holding the lock across this await: nobody else reads the balance in the meantime.
            await ledger.AppendAsync(new LedgerEntry(change, updated), cancellationToken);
            _balance = updated;
            return updated;
        }
        finally
        {
            // Whatever happened (success, refusal, failed write, cancellation), the next caller gets its turn.
            _lock.Release();
        }
    }
}
