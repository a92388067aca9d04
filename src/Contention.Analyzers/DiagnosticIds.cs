namespace Contention.Analyzers;

/// <summary>
/// Every diagnostic ID Contention reports. IDs are never reused: a retired ID stays here as a comment.
/// CTN1xxx blocking inside async code, CTN2xxx unsynchronized shared state, CTN3xxx lock misuse.
/// </summary>
public static class DiagnosticIds
{
    public const string CTN1001BlockingTaskWait = "CTN1001";

    public const string CTN1002ThreadSleepInAsync = "CTN1002";

    public const string CTN1003SyncCallWithAsyncTwin = "CTN1003";

    public const string CTN1004BlockingPrimitiveInAsync = "CTN1004";

    public const string CTN1005BlockingViaSyncCall = "CTN1005";

    public const string CTN1006AsyncVoid = "CTN1006";

    public const string CTN1007SyncOverAsync = "CTN1007";

    public const string CTN2001NonAtomicFieldUpdate = "CTN2001";

    public const string CTN2002CapturedLocalUpdate = "CTN2002";

    public const string CTN2003NonThreadSafeCollection = "CTN2003";

    public const string CTN2004InconsistentSynchronization = "CTN2004";

    public const string CTN2005CheckThenAct = "CTN2005";

    public const string CTN2006DoubleCheckedLocking = "CTN2006";

    public const string CTN2007StopFlag = "CTN2007";

    public const string CTN2008ThreadStaticInitializer = "CTN2008";

    public const string CTN2009GuardedByViolation = "CTN2009";

    public const string CTN2010EventRace = "CTN2010";

    public const string CTN3001LockOnReachableObject = "CTN3001";

    public const string CTN3002LockOnWeakIdentity = "CTN3002";

    public const string CTN3003LockOnMutableField = "CTN3003";

    public const string CTN3004LockOnFreshObject = "CTN3004";

    public const string CTN3005ReleaseNotInFinally = "CTN3005";

    public const string CTN3006LockAcrossAwait = "CTN3006";

    public const string CTN3007LockOrderInversion = "CTN3007";

    public const string CTN3008BlockingInsideLock = "CTN3008";

    public const string CTN3009SynchronizedMethod = "CTN3009";

    public const string CTN3010ObjectLockCouldBeLock = "CTN3010";

    public const string CTN3011SpinLockCopied = "CTN3011";

    public const string CTN3012MonitorWithoutLock = "CTN3012";
}
