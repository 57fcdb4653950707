namespace Katas.AsyncLock;

// WRONG ANSWER: Monitor.Enter/Exit around the await (the lock statement would not compile, Monitor does): a Monitor belongs to a thread and is re-entrant, so on a single-threaded loop every caller walks in (and on the thread pool, Exit throws SynchronizationLockException).
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private readonly object _gate = new();
    private decimal _balance = openingBalance;

    public decimal Balance => _balance;

    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        Monitor.Enter(_gate);
        try
        {
            var updated = _balance + change;
            if (updated < 0) throw new InsufficientFundsException(_balance, -change);
            await ledger.AppendAsync(new LedgerEntry(change, updated), cancellationToken);
            _balance = updated;
            return updated;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);
}
