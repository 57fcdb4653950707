namespace Katas.AsyncLock;

// CORRECT: a hand-made async lock: every caller queues behind the one before it (a chain of TaskCompletionSources)
// and waits for that one's task with WaitAsync(token). A caller cancelled while waiting hands its place on to its
// successor as soon as its predecessor is done, so the chain never breaks and nobody gets in twice.

public sealed class BankAccount(ILedger ledger, decimal openingBalance = 0)
{
    private Task _last = Task.CompletedTask;
    private decimal _balance = openingBalance;

    public decimal Balance => _balance;

    public Task<decimal> DepositAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(amount, cancellationToken);

    public Task<decimal> WithdrawAsync(decimal amount, CancellationToken cancellationToken = default) =>
        ApplyAsync(-amount, cancellationToken);

    private async Task<decimal> ApplyAsync(decimal change, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref _last, mine.Task);
        try
        {
            await previous.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Never held the lock: pass the turn on once the caller before us is done.
            _ = previous.ContinueWith(_ => mine.SetResult(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
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
            mine.SetResult();
        }
    }
}
