// BackorderBook: the orders waiting for stock, per sku in creation order (oldest first, the
// order backorders are filled in), and the waiting orders with a `backorder_cancel_after` by
// that time. Rebuilt from the orders by `StoreState.putOrder` (never stored), so a restart, from
// the journal or a snapshot, keeps the queue order: it is the orders' creation order.

/// The backorder queues.
struct BackorderBook: Sendable {
    /// Per sku: positions of the orders with backordered units of it, ascending.
    private(set) var bySku: [String: [Int32]] = [:]
    /// Waiting orders by `backorder_cancel_after` (entries go stale lazily, as reservations' do).
    var expiries = ExpiryQueue()

    /// Number of orders waiting on `sku`.
    func waiting(on sku: String) -> [Int32] { bySku[sku] ?? [] }

    /// Skus `order` waits on (none once it is cancelled).
    static func skus(_ order: Order) -> [String] {
        guard order.status != .cancelled else { return [] }
        return order.lines.compactMap { $0.quantityBackordered > 0 ? $0.sku : nil }
    }

    /// When `order`'s backordered units are cancelled, if it waits and has a deadline.
    static func deadline(_ order: Order) -> Timestamp? {
        guard order.status != .cancelled, order.unitsBackordered > 0 else { return nil }
        return order.exceptions.backorderCancelAfter
    }

    /// Replaces `old`'s entries (nil: a new order) with `new`'s.
    mutating func replace(old: Order?, new: Order, position: Int32) {
        let before = old.map(Self.skus) ?? []
        let after = Self.skus(new)
        if before.isEmpty && after.isEmpty { return }
        for sku in before where !after.contains(sku) {
            guard var list = bySku[sku], let i = Self.index(of: position, in: list), list[i] == position else { continue }
            list.remove(at: i)
            bySku[sku] = list.isEmpty ? nil : list
        }
        for sku in after where !before.contains(sku) {
            var list = bySku[sku] ?? []
            // Almost always a new order, at the end; a rejection can backorder an older one.
            if let last = list.last, last >= position {
                let i = Self.index(of: position, in: list)
                if i.map({ list[$0] == position }) ?? false { continue }
                list.insert(position, at: i ?? list.count)
            } else {
                list.append(position)
            }
            bySku[sku] = list
        }
        if let at = Self.deadline(new), old.flatMap(Self.deadline) != at {
            expiries.push(.init(at: at, position: position))
        }
    }

    /// The first index whose position is ≥ `position` (nil: none).
    private static func index(of position: Int32, in list: [Int32]) -> Int? {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < position { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count ? lo : nil
    }
}
