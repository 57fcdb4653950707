namespace Katas.AsyncLock;

// WRONG ANSWER: keeps the lock statement and blocks on the ledger inside it (sync over async, to get around CS1996): the event loop's only thread waits for a write that needs that very thread.
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private readonly object _gate = new();
    private decimal _balance = openingBalance;

    public decimal Balance { get { lock (_gate) return _balance; } }

    private Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var updated = _balance + change;
            if (updated < 0) throw new InsufficientFundsException(_balance, -change);
            ledger.AppendAsync(new LedgerEntry(change, updated), cancellationToken).GetAwaiter().GetResult();
            _balance = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);
}
