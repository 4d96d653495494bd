// Watchers: bounded per-subscriber queues fed by the store, and the ring of recent order events
// that `from_sequence` resumes from. Events are queued under the store lock (so every subscriber
// sees them in commit order) but the subscriber's wake-up callback runs after the lock is
// released. A subscriber whose queue is full is cut off (overflowed) instead of slowing writers.

import Dispatch

/// What `WatchSubscription.poll` hands out.
public struct WatchBatch<Event: Sendable>: Sendable {
    /// Events in order.
    public var events: [Event]
    /// The subscriber fell behind by more than its bound and was cut off (→ RESOURCE_EXHAUSTED).
    public var overflowed: Bool
    /// The subscription is over (cancelled or overflowed); no more events will come.
    public var closed: Bool
    /// Some of `events` are replayed retained events (`from_sequence`), not live ones.
    public var replaying: Bool = false
}

/// One subscriber's bounded queue.
public final class WatchSubscription<Event: Sendable>: Sendable {
    private struct Queue {
        var events: [Event] = []
        var overflowed = false
        var closed = false
        /// How many of the queued events, from the front, are the replayed backlog.
        var backlog = 0
    }

    enum Offer { case queued, queuedFirst, overflowed, closed }

    private let queue = Locked(Queue())
    private let bound: Int
    /// Called (outside the store lock) when the queue goes from empty to non-empty, or on overflow.
    let onReady: @Sendable () -> Void

    init(bound: Int, backlog: [Event], onReady: @escaping @Sendable () -> Void) {
        self.bound = max(1, bound) + backlog.count
        self.onReady = onReady
        queue.withLock {
            $0.events = backlog
            $0.backlog = backlog.count
        }
    }

    /// Takes up to `max` queued events.
    public func poll(max: Int = Int.max) -> WatchBatch<Event> {
        queue.withLock { q in
            let n = Swift.min(max, q.events.count)
            let out = Array(q.events.prefix(n))
            q.events.removeFirst(n)
            let replaying = q.backlog > 0
            q.backlog = Swift.max(0, q.backlog - n)
            return WatchBatch(events: out, overflowed: q.overflowed, closed: q.closed, replaying: replaying)
        }
    }

    /// Stops the subscription; the store forgets it on its next publish.
    public func cancel() {
        queue.withLock { q in
            q.closed = true
            q.events.removeAll()
        }
    }

    /// Whether the subscription still takes events.
    public var isActive: Bool { queue.withLock { !$0.closed } }

    func offer(_ event: Event) -> Offer {
        queue.withLock { q in
            if q.closed { return .closed }
            if q.events.count >= bound {
                q.overflowed = true
                q.closed = true
                q.events.removeAll()
                return .overflowed
            }
            q.events.append(event)
            return q.events.count == 1 ? .queuedFirst : .queued
        }
    }
}

/// Which order events a watcher wants.
struct OrderWatchFilter {
    var orderId: String
    var customerId: String
    /// Only events with a larger sequence (`from_sequence`). Live ones need it too: a client may
    /// learn a sequence (its RPC answered) before the journal's completion releases that event
    /// to watchers, so a watcher resuming from it could otherwise get that very event live.
    var afterSequence: Int64 = 0

    func matches(_ event: OrderEvent, customerId: String) -> Bool {
        event.sequence > afterSequence
            && (orderId.isEmpty || event.orderId == orderId) && (self.customerId.isEmpty || customerId == self.customerId)
    }
}

/// The most recent durable order events, oldest first, for `from_sequence` replay. Its memory is
/// bounded by `capacity` entries; an event's strings share storage with the order's history.
struct EventRing {
    private var storage: [(event: OrderEvent, customerId: String)] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The newest `capacity` events of `state`, read from the orders' histories (which are
    /// durable, in snapshots and journal alike), so a restart keeps what watchers can resume.
    /// Sequences run 1, 2, 3…, so each event goes straight to its slot: no sort. On `threads`
    /// threads, each filling its own range of slots (so no two ever write the same one).
    init(rebuiltFrom state: StoreState, capacity: Int, threads: Int = 1, minimumPerThread: Int = 1 << 16) {
        self.init(capacity: capacity)
        let newest = state.lastSequence
        let window = Int(min(Int64(self.capacity), max(0, newest)))
        guard window > 0 else { return }
        let first = newest - Int64(window) + 1
        var slots = [(event: OrderEvent, customerId: String)?](repeating: nil, count: window)
        let parts = max(1, min(threads, window / max(1, minimumPerThread)))
        slots.withUnsafeMutableBufferPointer { buffer in
            let buffer = SlotBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let low = first + Int64(window * part / parts)
                let high = first + Int64(window * (part + 1) / parts) - 1
                // Orders are read in place: copying each one out would retain and release its
                // strings and arrays on every thread at once (shared cache lines).
                state.orders.forEachChunk { _, chunk in
                    for k in chunk.indices {
                        guard let last = chunk[k].history.last, last.sequence >= low else { continue }
                        let history = chunk[k].history
                        for e in history.indices.reversed() {
                            let sequence = history[e].sequence
                            guard sequence >= low else { break }
                            guard sequence <= high else { continue }
                            buffer.pointer[Int(sequence - first)] = (history[e], chunk[k].customer.customerId)
                        }
                    }
                }
            }
        }
        storage.reserveCapacity(window)
        for case let entry? in slots { storage.append(entry) }
    }

    /// Events retained.
    var count: Int { storage.count }

    mutating func append(_ entry: (event: OrderEvent, customerId: String)) {
        if storage.count < capacity {
            storage.append(entry)
        } else {
            storage[head] = entry
            head = (head + 1) % capacity
        }
    }

    /// Retained events with sequence > `after` that pass `filter`, oldest first.
    func events(after: Int64, filter: OrderWatchFilter) -> [OrderEvent] {
        var out: [OrderEvent] = []
        for k in 0..<storage.count {
            let entry = storage[(head + k) % storage.count]
            if entry.event.sequence > after && filter.matches(entry.event, customerId: entry.customerId) {
                out.append(entry.event)
            }
        }
        return out
    }

    /// The oldest retained sequence (nil when empty).
    var oldestSequence: Int64? { storage.isEmpty ? nil : storage[head % storage.count].event.sequence }
}

/// The subscribers of one store, kept inside the store lock.
struct WatchHub {
    var orderWatchers: [(filter: OrderWatchFilter, sub: WatchSubscription<OrderEvent>)] = []
    var stockWatchers: [(skus: Set<String>, sub: WatchSubscription<StockLevel>)] = []

    /// Queues `effects` for every matching subscriber; returns the callbacks to run after unlock.
    mutating func publish(_ effects: ChangeEffects) -> [@Sendable () -> Void] {
        var wake: [@Sendable () -> Void] = []
        var dropOrders = false
        var dropStock = false
        if !orderWatchers.isEmpty {
            for (event, customer) in effects.orderEvents {
                for w in orderWatchers where w.filter.matches(event, customerId: customer) {
                    switch w.sub.offer(event) {
                    case .queued: break
                    case .queuedFirst: wake.append(w.sub.onReady)
                    case .overflowed: wake.append(w.sub.onReady); dropOrders = true
                    case .closed: dropOrders = true
                    }
                }
            }
        }
        if !stockWatchers.isEmpty {
            for level in effects.stockLevels {
                for w in stockWatchers where w.skus.isEmpty || w.skus.contains(level.sku) {
                    switch w.sub.offer(level) {
                    case .queued: break
                    case .queuedFirst: wake.append(w.sub.onReady)
                    case .overflowed: wake.append(w.sub.onReady); dropStock = true
                    case .closed: dropStock = true
                    }
                }
            }
        }
        if dropOrders { orderWatchers.removeAll { !$0.sub.isActive } }
        if dropStock { stockWatchers.removeAll { !$0.sub.isActive } }
        return wake
    }
}

/// The ring's slots, written by `concurrentPerform` workers that each own a disjoint range.
private struct SlotBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<(event: OrderEvent, customerId: String)?>
    init(_ pointer: UnsafeMutableBufferPointer<(event: OrderEvent, customerId: String)?>) { self.pointer = pointer }
}
