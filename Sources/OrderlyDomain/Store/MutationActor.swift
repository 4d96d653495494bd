// Who is asking: the server binds the caller's role around a call, the store copies it into the
// RuleContext of the mutation, and the rules record it as the `actor` of stock movements. A
// task-local keeps the role out of every store method's signature.

/// The caller behind the mutations run in the current scope.
public enum MutationActor {
    /// The caller's role ("admin", "warehouse", "channel:web", …); "anonymous" without auth.
    @TaskLocal public static var current = "anonymous"
}
