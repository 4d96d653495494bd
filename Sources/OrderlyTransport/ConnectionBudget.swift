// ConnectionBudget: the server-wide count of open connections against maxConnections, shared by
// all loops (each accepts on its own socket), so it is an atomic rather than loop state.
import Synchronization

/// A shared counter of open server connections with an upper bound.
final class ConnectionBudget: Sendable {
    private let open = Atomic<Int>(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place; false (and nothing taken) when the limit is reached.
    func acquire() -> Bool {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        if now <= limit { return true }
        open.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    func release() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Connections currently open.
    var current: Int { open.load(ordering: .relaxed) }
}
