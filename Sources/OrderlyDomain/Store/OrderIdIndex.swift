// OrderIdIndex: order id → position. The ids this store makes ("o-000042", `Ids.make`) are the
// order's position + 1, so they need no dictionary entry at all: a lookup parses the number and
// checks the order there. A million-entry string dictionary was a tenth of the time to rebuild
// the store at start-up (two hashes per insert in a sharded dictionary, and one more lookup per
// order to refuse duplicates). Ids of any other shape are kept in a plain dictionary, so the
// index stays exact whatever a data directory holds.

struct OrderIdIndex: Sendable, Equatable {
    /// Ids that do not name their own position.
    private var others: [String: Int32] = [:]

    init() {}

    /// The number in a positional id ("o-" then up to 10 digits), if `id` has that shape.
    @inline(__always)
    static func number(_ id: String) -> Int? {
        var id = id
        return id.withUTF8 { bytes -> Int? in
            guard bytes.count > 2, bytes.count <= 12, bytes[0] == UInt8(ascii: "o"), bytes[1] == UInt8(ascii: "-") else {
                return nil
            }
            var n = 0
            for b in bytes[2...] {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(b - UInt8(ascii: "0"))
            }
            return n
        }
    }

    /// The position of the order with `id` among `orders`, if any.
    func position(of id: String, in orders: ChunkedArray<Order>) -> Int? {
        if let n = Self.number(id), n >= 1, n <= orders.count, orders[n - 1].orderId == id { return n - 1 }
        return others.isEmpty ? nil : others[id].map(Int.init)
    }

    /// Records that the order at `position` has `id` (a new order).
    mutating func insert(_ id: String, at position: Int) {
        if Self.number(id) != position + 1 { others[id] = Int32(position) }
    }

    /// Ids kept in the dictionary (tests: 0 for ids this store made).
    var dictionaryCount: Int { others.count }
}
