namespace Katas.AsyncLock;

// WRONG ANSWER: WaitAsync() without the token: a caller cancelled while waiting for the lock waits for its turn anyway.
public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private decimal _balance = openingBalance;

    public decimal Balance => _balance;

    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync();
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
            _lock.Release();
        }
    }

    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);
}
