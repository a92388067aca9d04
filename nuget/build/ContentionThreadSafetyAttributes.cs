// Added to this project by the Contention.Analyzers package because it sets ContentionThreadSafetyAttributes=true.
// Contention recognizes these attributes by name in any namespace; declaring your own works just as well.

namespace Contention.ThreadSafety
{
    /// <summary>
    /// Every read and write of this field or property holds the named lock (CTN2009): <c>[GuardedBy(nameof(_gate))]</c>.
    /// Name the field or property the lock is taken on, or <c>"this"</c>. Constructors are exempt.
    /// </summary>
    [global::System.AttributeUsage(global::System.AttributeTargets.Field | global::System.AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    internal sealed class GuardedByAttribute : global::System.Attribute
    {
        public GuardedByAttribute(string lockName)
        {
            LockName = lockName;
        }

        /// <summary>The name of the field or property whose lock guards the member.</summary>
        public string LockName { get; }
    }

    /// <summary>
    /// The method is only called with the named lock held, and its own body may rely on it (CTN2009):
    /// <c>[RequiresLock(nameof(_gate))]</c>.
    /// </summary>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    internal sealed class RequiresLockAttribute : global::System.Attribute
    {
        public RequiresLockAttribute(string lockName)
        {
            LockName = lockName;
        }

        /// <summary>The name of the field or property whose lock callers hold.</summary>
        public string LockName { get; }
    }

    /// <summary>
    /// Instances of this type are used from several threads at once: CTN2001 and CTN2003 treat its non-private methods
    /// (and those of derived types) as concurrent code, except constructors, finalizers and Dispose.
    /// </summary>
    [global::System.AttributeUsage(global::System.AttributeTargets.Class | global::System.AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
    internal sealed class ThreadSafeAttribute : global::System.Attribute
    {
    }
}
