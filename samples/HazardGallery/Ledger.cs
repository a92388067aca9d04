using System.Collections.Generic;

namespace HazardGallery;

/// <summary>Moves money between accounts and writes an audit trail.</summary>
public sealed class Ledger
{
    private readonly System.Threading.Lock _balancesGate = new();
    private readonly System.Threading.Lock _auditGate = new();
    private readonly Dictionary<string, decimal> _balances = new();
    private readonly List<string> _audit = new();

    public void Transfer(string from, string to, decimal amount)
    {
        lock (_balancesGate)
        {
            _balances[from] = _balances.GetValueOrDefault(from) - amount;
            _balances[to] = _balances.GetValueOrDefault(to) + amount;

            // CTN3007: balances then audit here, audit then balances in Reconcile: two threads can deadlock.
            Audit($"{from}->{to}: {amount}");
        }
    }

    public decimal Reconcile()
    {
        lock (_auditGate)
        {
            lock (_balancesGate)
            {
                decimal total = 0;
                foreach (var balance in _balances.Values)
                {
                    total += balance;
                }

                _audit.Add($"reconciled {total}");
                return total;
            }
        }
    }

    private void Audit(string line)
    {
        lock (_auditGate)
        {
            _audit.Add(line);
        }
    }
}
