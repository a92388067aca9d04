namespace Contention.CodeFixes;

/// <summary>
/// One key per transformation, never reused for another: Fix All groups code actions by these keys.
/// </summary>
public static class EquivalenceKeys
{
    public const string CTN1001UseAwait = "CTN1001.UseAwait";

    public const string CTN1002UseTaskDelay = "CTN1002.UseTaskDelay";

    public const string CTN1003UseAwaitTwin = "CTN1003.UseAwaitTwin";

    public const string CTN1003UseAwaitUsing = "CTN1003.UseAwaitUsing";

    public const string CTN1006ReturnTask = "CTN1006.ReturnTask";

    public const string CTN2001UseInterlocked = "CTN2001.UseInterlocked";

    public const string CTN2001LockExistingGate = "CTN2001.LockExistingGate";

    public const string CTN2002UseInterlocked = "CTN2002.UseInterlocked";

    public const string CTN2002LockNewGate = "CTN2002.LockNewGate";

    public const string CTN2003UseConcurrentCollection = "CTN2003.UseConcurrentCollection";

    public const string CTN2003LockExistingGate = "CTN2003.LockExistingGate";

    public const string CTN2004LockTheSameLock = "CTN2004.LockTheSameLock";

    public const string CTN2005UseGetOrAdd = "CTN2005.UseGetOrAdd";

    public const string CTN2006MakeVolatile = "CTN2006.MakeVolatile";

    public const string CTN2007MakeVolatile = "CTN2007.MakeVolatile";

    public const string CTN2008UseThreadLocal = "CTN2008.UseThreadLocal";

    public const string CTN2009LockTheNamedLock = "CTN2009.LockTheNamedLock";

    public const string CTN2010UseConditionalInvoke = "CTN2010.UseConditionalInvoke";

    public const string CTN3001UsePrivateLockField = "CTN3001.UsePrivateLockField";

    public const string CTN3002UsePrivateLockField = "CTN3002.UsePrivateLockField";

    public const string CTN3003MakeReadonly = "CTN3003.MakeReadonly";

    public const string CTN3005ReleaseInFinally = "CTN3005.ReleaseInFinally";

    public const string CTN3005UseLockStatement = "CTN3005.UseLockStatement";

    public const string CTN3009LockPrivateObject = "CTN3009.LockPrivateObject";

    public const string CTN3010UseLockType = "CTN3010.UseLockType";

    public const string CTN3011RemoveReadonly = "CTN3011.RemoveReadonly";
}
