namespace Katas.AsyncLock;

/// <summary>
/// A bank account whose every update reads the balance, records the transaction in a ledger (which
/// takes time: an <c>await</c>) and then writes the new balance. Many callers update it at once: the
/// updates of one account take turns, in the order they asked; two accounts do not wait for each other.
/// </summary>
/// <remarks>
/// This code has the tutorial's third mistake in it, the C# way. Run the tests, read the failures,
/// then fix <see cref="ApplyAsync"/> (the README explains why <c>lock</c> cannot do it).
/// </remarks>
/// <param name="ledger">Where every transaction is recorded before it counts.</param>
/// <param name="openingBalance">The balance before the first update.</param>
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private readonly object _gate = new();
    private decimal _balance = openingBalance;

    /// <summary>The balance after the last completed update. Read it when no update is running.</summary>
    public decimal Balance
    {
        get { lock (_gate) return _balance; }
    }

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
        // TODO: fix the bug. Several callers run this at the same time, and the lock below does not
        // keep them apart while they await the ledger. The read, the ledger write and the balance write
        // must be one critical section, held across the await (the README tells you what to use).
        decimal balance;
        lock (_gate)
        {
            balance = _balance;
        }

        var updated = balance + change;
        if (updated < 0) throw new InsufficientFundsException(balance, -change);

        // A lock statement cannot contain an await (error CS1996), so the lock was let go above.
        await ledger.AppendAsync(new LedgerEntry(change, updated), cancellationToken);

        lock (_gate)
        {
            _balance = updated;
        }
        return updated;
    }
}
