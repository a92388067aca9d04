using System;
using System.Collections.Generic;
using Contention.Harness.Scenarios;

namespace Contention.Harness;

/// <summary>Every scenario the harness knows, in the order they run.</summary>
internal static class ScenarioRegistry
{
    public static IReadOnlyList<Scenario> All { get; } = new Scenario[]
    {
        new CTN1001BlockingTaskWait(),
        new CTN1002ThreadSleepInAsync(),
        new CTN1003SyncCallWithAsyncTwin(),
        new CTN1004BlockingPrimitiveInAsync(),
        new CTN1005BlockingViaSyncCall(),
        new CTN1006AsyncVoid(),
        new CTN1007SyncOverAsync(),
        new CTN2001NonAtomicFieldUpdate(),
        new CTN2002CapturedLocalUpdate(),
        new CTN2003NonThreadSafeCollection(),
        new CTN2004InconsistentSynchronization(),
        new CTN2005CheckThenAct(),
        new CTN2006DoubleCheckedLocking(),
        new CTN2007StopFlag(),
        new CTN2008ThreadStaticInitializer(),
        new CTN2009GuardedByViolation(),
        new CTN2010EventRace(),
        new CTN3001LockOnReachableObject(),
        new CTN3002LockOnWeakIdentity(),
        new CTN3003LockOnMutableField(),
        new CTN3004LockOnFreshObject(),
        new CTN3005ReleaseNotInFinally(),
        new CTN3006LockAcrossAwait(),
        new CTN3007LockOrderInversion(),
        new CTN3008BlockingInsideLock(),
        new CTN3009SynchronizedMethod(),
        new CTN3010ObjectLockCouldBeLock(),
        new CTN3011SpinLockCopied(),
        new CTN3012MonitorWithoutLock(),
    };

    public static Scenario? Find(string ruleId)
    {
        foreach (var scenario in All)
        {
            if (string.Equals(scenario.RuleId, ruleId, StringComparison.OrdinalIgnoreCase))
            {
                return scenario;
            }
        }

        return null;
    }
}
