namespace Katas.AsyncLock;

// WRONG ANSWER: refuses a withdrawal that empties the account (balance <= amount): an off-by-one in the overdraft check.

/// <summary>
/// A bank account whose every update reads the balance, records the transaction in a ledger (which
/// takes time: an <c>await</c>) and then writes the new balance. Many callers update it at once.
/// </summary>
/// <param name="ledger">Where every transaction is recorded before it counts.</param>
/// <param name="openingBalance">The balance before the first update.</param>
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
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

    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (change < 0 && _balance <= -change) throw new InsufficientFundsException(_balance, -change);
            var updated = _balance + change;
            await ledger.AppendAsync(new LedgerEntry(change, updated), cancellationToken);
            _balance = updated;
            return updated;
        }
        finally
        {
            _lock.Release();
        }
    }
}
