// The stock ledger as tagged messages, shared by the change codec (one StockMoved change) and
// the snapshot (retained movements and carried balances). Field numbers are the format:
//
//   StockMovement 1 location_id, 2 sku, 3 on_hand_delta, 4 reserved_delta, 5 damaged_delta,
//                 6 incoming_delta (sint64), 7 reason, 8 reference, 9 actor, 10 note,
//                 11 at (sfixed64 ns), 12 sequence (0 in a journal record: assigned on apply)
//   Carried       1 location_id, 2 sku, 3 on_hand, 4 reserved, 5 damaged, 6 incoming (sint64)

extension BinaryWriter {
    mutating func movement(_ m: StockMovement, withSequence: Bool) {
        put(1, m.key.locationId)
        put(2, m.key.sku)
        buckets(m.delta, from: 3)
        put(7, m.cause.reason)
        put(8, m.cause.reference)
        put(9, m.cause.actor)
        put(10, m.cause.note)
        put(11, m.at)
        if withSequence { put(12, sint: m.sequence) }
    }

    mutating func carried(_ key: StockKey, _ b: StockBuckets) {
        put(1, key.locationId)
        put(2, key.sku)
        buckets(b, from: 3)
    }

    private mutating func buckets(_ b: StockBuckets, from field: UInt32) {
        put(field, sint: b.onHand)
        put(field + 1, sint: b.reserved)
        put(field + 2, sint: b.damaged)
        put(field + 3, sint: b.incoming)
    }
}

extension BinaryReader {
    mutating func movement() throws(CodecError) -> StockMovement {
        var m = StockMovement(key: StockKey(locationId: "", sku: ""), delta: StockBuckets(),
                              cause: MovementCause(.unspecified, actor: ""), at: .zero)
        while let (n, w) = try field() {
            switch n {
            case 1: m.key.locationId = try string(w)
            case 2: m.key.sku = try string(w)
            case 3: m.delta.onHand = try sint(w)
            case 4: m.delta.reserved = try sint(w)
            case 5: m.delta.damaged = try sint(w)
            case 6: m.delta.incoming = try sint(w)
            case 7: m.cause.reason = try wire(MovementReason.self, w)
            case 8: m.cause.reference = try string(w)
            case 9: m.cause.actor = try string(w)
            case 10: m.cause.note = try string(w)
            case 11: m.at = try timestamp(w)
            case 12: m.sequence = try sint(w)
            default: try skip(w)
            }
        }
        return m
    }

    mutating func carried() throws(CodecError) -> (StockKey, StockBuckets) {
        var key = StockKey(locationId: "", sku: "")
        var b = StockBuckets()
        while let (n, w) = try field() {
            switch n {
            case 1: key.locationId = try string(w)
            case 2: key.sku = try string(w)
            case 3: b.onHand = try sint(w)
            case 4: b.reserved = try sint(w)
            case 5: b.damaged = try sint(w)
            case 6: b.incoming = try sint(w)
            default: try skip(w)
            }
        }
        return (key, b)
    }
}
