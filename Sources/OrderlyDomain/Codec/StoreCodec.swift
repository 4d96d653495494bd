// Encoding of StoreChange (one journal record) and of the whole StoreState (a snapshot). Both
// start with a format version byte. A snapshot is written as the changes that rebuild the state
// plus the idempotency maps, and decoded by applying them, so indexes and report buckets are
// rebuilt by the same code that maintains them at run time.

extension StoreChange {
    /// The current format version of a change record.
    public static let formatVersion: UInt8 = 1

    private enum Tag: UInt8 { case location = 1, stock, order, shipment, returnRecord }

    /// Appends this change (without the version byte) to `w`.
    func write(to w: inout BinaryWriter) {
        switch self {
        case .locationPut(let l):
            w.u8(Tag.location.rawValue)
            w.location(l)
        case .stockPut(let level, let requestId):
            w.u8(Tag.stock.rawValue)
            w.level(level)
            w.string(requestId)
        case .orderPut(let o, let requestId):
            w.u8(Tag.order.rawValue)
            w.order(o)
            w.string(requestId)
        case .shipmentPut(let s):
            w.u8(Tag.shipment.rawValue)
            w.shipment(s)
        case .returnPut(let r, let requestId):
            w.u8(Tag.returnRecord.rawValue)
            w.returnRecord(r)
            w.string(requestId)
        }
    }

    static func read(from r: inout BinaryReader) throws(CodecError) -> StoreChange {
        let raw = try r.u8()
        guard let tag = Tag(rawValue: raw) else { throw CodecError("unknown change tag \(raw)") }
        switch tag {
        case .location: return .locationPut(try r.location())
        case .stock: return .stockPut(try r.level(), requestId: try r.string())
        case .order: return .orderPut(try r.order(), requestId: try r.string())
        case .shipment: return .shipmentPut(try r.shipment())
        case .returnRecord: return .returnPut(try r.returnRecord(), requestId: try r.string())
        }
    }

    /// One journal record: version byte, then the change.
    public func encode() -> [UInt8] {
        var w = BinaryWriter(capacity: 256)
        w.u8(Self.formatVersion)
        write(to: &w)
        return w.bytes
    }

    /// Decodes a record made by `encode()`; throws on any malformed or trailing byte.
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> StoreChange {
        var r = BinaryReader(bytes)
        let version = try r.u8()
        guard version == formatVersion else { throw CodecError("unsupported change format \(version)") }
        let change = try read(from: &r)
        guard r.isAtEnd else { throw CodecError("trailing bytes after change at \(r.offset)") }
        return change
    }

    /// Several changes as one record (one mutation): version byte, count, changes.
    public static func encode(_ changes: [StoreChange]) -> [UInt8] {
        var w = BinaryWriter(capacity: 256 * changes.count)
        w.u8(formatVersion)
        w.varint(UInt64(changes.count))
        for c in changes { c.write(to: &w) }
        return w.bytes
    }

    /// Decodes a record made by `encode(_: [StoreChange])`.
    public static func decodeBatch(_ bytes: [UInt8]) throws(CodecError) -> [StoreChange] {
        var r = BinaryReader(bytes)
        let version = try r.u8()
        guard version == formatVersion else { throw CodecError("unsupported change format \(version)") }
        var out: [StoreChange] = []
        for _ in 0..<(try r.count()) { out.append(try read(from: &r)) }
        guard r.isAtEnd else { throw CodecError("trailing bytes after changes at \(r.offset)") }
        return out
    }
}

extension StoreState {
    /// The current snapshot format version.
    public static let formatVersion: UInt8 = 1
    private static let magic: [UInt8] = Array("ORDS".utf8)

    /// The whole state as bytes (a snapshot).
    public func encode() -> [UInt8] {
        var w = BinaryWriter(capacity: 64 + orders.count * 400)
        for b in Self.magic { w.u8(b) }
        w.u8(Self.formatVersion)
        w.zigzag(lastSequence)
        let locs = locations.values.sorted { $0.locationId < $1.locationId }
        w.varint(UInt64(locs.count))
        for l in locs { w.location(l) }
        w.varint(UInt64(stock.count))
        for level in stock.values.sorted(by: { ($0.sku, $0.locationId) < ($1.sku, $1.locationId) }) { w.level(level) }
        w.varint(UInt64(orders.count))
        for o in orders { w.order(o) }
        w.varint(UInt64(shipments.count))
        for s in shipments { w.shipment(s) }
        w.varint(UInt64(returns.count))
        for r in returns { w.returnRecord(r) }
        w.varint(UInt64(orderRequests.count))
        for (id, i) in orderRequests.sorted(by: { $0.key < $1.key }) {
            w.string(id)
            w.varint(UInt64(i))
        }
        w.varint(UInt64(returnRequests.count))
        for (id, i) in returnRequests.sorted(by: { $0.key < $1.key }) {
            w.string(id)
            w.varint(UInt64(i))
        }
        w.varint(UInt64(adjustRequests.count))
        for (id, key) in adjustRequests.sorted(by: { $0.key < $1.key }) {
            w.string(id)
            w.string(key.locationId)
            w.string(key.sku)
        }
        return w.bytes
    }

    /// Rebuilds a state from `encode()` output; throws on malformed input.
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> StoreState {
        var r = BinaryReader(bytes)
        for b in magic where try r.u8() != b { throw CodecError("not a snapshot (bad magic)") }
        let version = try r.u8()
        guard version == formatVersion else { throw CodecError("unsupported snapshot format \(version)") }
        var s = StoreState()
        let lastSequence = try r.zigzag()
        for _ in 0..<(try r.count()) { s.apply(.locationPut(try r.location())) }
        for _ in 0..<(try r.count()) { s.apply(.stockPut(try r.level(), requestId: "")) }
        for _ in 0..<(try r.count()) {
            let o = try r.order()
            guard s.orderIndex[o.orderId] == nil else { throw CodecError("duplicate order \(o.orderId)") }
            s.apply(.orderPut(o, requestId: ""))
        }
        for _ in 0..<(try r.count()) { s.apply(.shipmentPut(try r.shipment())) }
        for _ in 0..<(try r.count()) { s.apply(.returnPut(try r.returnRecord(), requestId: "")) }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            let i = try r.varint()
            guard i < UInt64(s.orders.count) else { throw CodecError("request \(id) names order #\(i) of \(s.orders.count)") }
            s.orderRequests[id] = Int32(i)
        }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            let i = try r.varint()
            guard i < UInt64(s.returns.count) else { throw CodecError("request \(id) names return #\(i) of \(s.returns.count)") }
            s.returnRequests[id] = Int32(i)
        }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            s.adjustRequests[id] = StockKey(locationId: try r.string(), sku: try r.string())
        }
        guard r.isAtEnd else { throw CodecError("trailing bytes after snapshot at \(r.offset)") }
        s.lastSequence = max(s.lastSequence, lastSequence)
        return s
    }
}
