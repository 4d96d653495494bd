// TimerHeap: the loop's timers as a binary min-heap keyed by (deadline, sequence), so the next
// deadline (the epoll_wait timeout) is O(1) and timers with equal deadlines fire in the order
// they were scheduled. Cancelling removes the body; the heap entry is skipped when it surfaces.

/// A min-heap of timers. Loop-thread only.
struct TimerHeap {
    private struct Entry {
        let deadline: UInt64
        let id: UInt64

        func fires(before other: Entry) -> Bool {
            deadline < other.deadline || (deadline == other.deadline && id < other.id)
        }
    }

    private var heap: [Entry] = []
    private var bodies: [UInt64: () -> Void] = [:]
    private var nextID: UInt64 = 1

    /// Live (scheduled and not cancelled, not yet fired) timers.
    var count: Int { bodies.count }

    /// Adds a timer firing at `deadline` (monotonic nanoseconds).
    mutating func schedule(at deadline: UInt64, _ body: @escaping () -> Void) -> TimerID {
        let id = nextID
        nextID += 1
        bodies[id] = body
        push(Entry(deadline: deadline, id: id))
        return TimerID(rawValue: id)
    }

    /// Cancels a timer; cancelling one that fired or was cancelled does nothing.
    mutating func cancel(_ id: TimerID) {
        guard bodies.removeValue(forKey: id.rawValue) != nil else { return }
        // Cancelled entries wait in the heap until their deadline; rebuild when they dominate,
        // so long timers rescheduled often (keepalive) cannot grow the heap without bound.
        if heap.count > 64 && heap.count > 2 * bodies.count {
            heap.removeAll { bodies[$0.id] == nil }
            heapify()
        }
    }

    /// The earliest live deadline, dropping cancelled entries from the top.
    mutating func nextDeadline() -> UInt64? {
        while let top = heap.first {
            if bodies[top.id] != nil { return top.deadline }
            popTop()
        }
        return nil
    }

    /// Removes and returns the body of the earliest timer due at `now`, if any.
    mutating func popDue(now: UInt64) -> (() -> Void)? {
        while let top = heap.first, top.deadline <= now {
            popTop()
            if let body = bodies.removeValue(forKey: top.id) { return body }
        }
        return nil
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].fires(before: heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].fires(before: heap[smallest]) { smallest = left }
            if right < heap.count && heap[right].fires(before: heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    private mutating func heapify() {
        var index = heap.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }
}
