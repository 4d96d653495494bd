// A cart reservation as a tagged message, shared by the change codec (ReservationPut) and the
// snapshot. Field numbers are the format:
//
//   Reservation 1 reservation_id, 2 line (repeated: 1 sku, 2 quantity, 3 unit_price_minor),
//               3 allocation (repeated Allocation, EntityCodec.swift), 4 expires_at, 5 status,
//               6 created_at, 7 updated_at, 8 order_id, 9 owner, 10 request_fingerprint

extension BinaryWriter {
    mutating func reservation(_ r: Reservation) {
        put(1, r.reservationId)
        for l in r.lines {
            message(2) { w in
                w.put(1, l.sku)
                w.put(2, sint: Int64(l.quantity))
                w.put(3, sint: l.unitPriceMinor)
            }
        }
        for a in r.allocations {
            message(3) { w in
                w.put(1, a.locationId)
                w.put(2, a.sku)
                w.put(3, sint: Int64(a.quantity))
                w.put(4, sint: Int64(a.quantityShipped))
            }
        }
        put(4, r.expiresAt)
        put(5, r.status)
        put(6, r.createdAt)
        put(7, r.updatedAt)
        put(8, r.orderId)
        put(9, r.owner)
        put(10, uint: r.requestFingerprint)
    }
}

extension BinaryReader {
    mutating func reservation() throws(CodecError) -> Reservation {
        var r = Reservation(reservationId: "", lines: [], allocations: [], expiresAt: .zero, status: .unspecified,
                            createdAt: .zero, updatedAt: .zero)
        while let (n, w) = try field() {
            switch n {
            case 1: r.reservationId = try string(w)
            case 2:
                r.lines.append(try message(w) { r throws(CodecError) -> OrderLineInput in
                    var l = OrderLineInput(sku: "", quantity: 0, unitPriceMinor: 0)
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: l.sku = try r.string(w)
                        case 2: l.quantity = try r.sint32(w)
                        case 3: l.unitPriceMinor = try r.sint(w)
                        default: try r.skip(w)
                        }
                    }
                    return l
                })
            case 3: r.allocations.append(try message(w) { r throws(CodecError) in try r.allocation() })
            case 4: r.expiresAt = try timestamp(w)
            case 5: r.status = try wire(ReservationStatus.self, w)
            case 6: r.createdAt = try timestamp(w)
            case 7: r.updatedAt = try timestamp(w)
            case 8: r.orderId = try string(w)
            case 9: r.owner = try string(w)
            case 10: r.requestFingerprint = try uint(w)
            default: try skip(w)
            }
        }
        return r
    }
}
