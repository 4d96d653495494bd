// StockTable: stock levels grouped by sku, each sku's levels sorted by location id. Routing and
// availability ask "every level of this sku", which is one string hash here instead of one
// (location, sku) hash per location; a level lookup is one hash plus a scan of a short list.
// The skus are also kept in order (levels are never removed), so reports over every sku need no sort.

/// Every stock level, by sku.
struct StockTable: Equatable, Sendable {
    private var bySku: [String: [StockLevel]] = [:]
    /// Number of levels.
    private(set) var count = 0
    /// Every sku with a level, ascending.
    private(set) var sortedSkus = SortedNames()

    init() {}

    /// The level at `key`, if any.
    subscript(key: StockKey) -> StockLevel? {
        guard let levels = bySku[key.sku] else { return nil }
        let i = Self.position(of: key.locationId, in: levels)
        return i < levels.count && levels[i].locationId == key.locationId ? levels[i] : nil
    }

    /// Where `locationId` is or would be inserted in `levels` (binary search).
    private static func position(of locationId: String, in levels: [StockLevel]) -> Int {
        var lo = 0
        var hi = levels.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if levels[mid].locationId < locationId { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Every level of `sku`, by location id.
    func levels(of sku: String) -> [StockLevel] { bySku[sku] ?? [] }

    /// The level of `sku` at `locationId` in `levels` (one sku's levels), if any.
    static func level(at locationId: String, in levels: [StockLevel]) -> StockLevel? {
        let i = position(of: locationId, in: levels)
        return i < levels.count && levels[i].locationId == locationId ? levels[i] : nil
    }

    /// Every sku with a level.
    var skus: Dictionary<String, [StockLevel]>.Keys { bySku.keys }

    /// Every level, in no particular order.
    var values: [StockLevel] { bySku.values.flatMap { $0 } }

    /// Inserts or replaces the level at `key` (keeping location order); returns the old one.
    @discardableResult
    mutating func updateValue(_ level: StockLevel, forKey key: StockKey) -> StockLevel? {
        var levels = bySku.removeValue(forKey: key.sku) ?? []
        defer { bySku[key.sku] = levels }
        let lo = Self.position(of: key.locationId, in: levels)
        if lo < levels.count && levels[lo].locationId == key.locationId {
            let old = levels[lo]
            levels[lo] = level
            return old
        }
        if levels.isEmpty { sortedSkus.insert(key.sku) }
        levels.insert(level, at: lo)
        count += 1
        return nil
    }
}
