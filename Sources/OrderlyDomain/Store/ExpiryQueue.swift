// ExpiryQueue: the ACTIVE cart reservations ordered by expiry, a binary min-heap of (expires_at,
// position). Entries go stale when a reservation is extended, converted, released or expired;
// they are dropped lazily, and `StoreState.putReservation` drops stale ones from the top after
// every change, so the top is always the next real expiry (the expiry timer reads it cheaply).

/// A min-heap of reservation expiries with lazy deletion.
struct ExpiryQueue: Sendable {
    struct Entry: Hashable, Sendable {
        var at: Timestamp
        var position: Int32
    }

    private(set) var heap: [Entry] = []

    var top: Entry? { heap.first }

    mutating func push(_ e: Entry) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].at < heap[parent].at else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func popTop() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, heap[l].at < heap[m].at { m = l }
            if r < heap.count, heap[r].at < heap[m].at { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }

    /// Live entries due at or before `now`, at most `limit`, found by walking only the subtrees
    /// whose root is due. Stale entries are passed over without counting against `limit`, so a
    /// batch never fills up with entries an earlier batch already ended.
    func due(at now: Timestamp, limit: Int, isLive: (Entry) -> Bool) -> [Entry] {
        var out: [Entry] = []
        var stack = heap.isEmpty ? [] : [0]
        while let i = stack.popLast(), out.count < limit {
            guard heap[i].at <= now else { continue }
            if isLive(heap[i]) { out.append(heap[i]) }
            let left = 2 * i + 1
            if left < heap.count { stack.append(left) }
            if left + 1 < heap.count { stack.append(left + 1) }
        }
        return out
    }
}
