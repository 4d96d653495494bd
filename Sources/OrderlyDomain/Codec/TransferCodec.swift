// A transfer as a tagged message, shared by the change codec (TransferPut) and the snapshot.
// Field numbers are the format:
//
//   Transfer     1 transfer_id, 2 from_location_id, 3 to_location_id, 4 line (repeated
//                TransferLine), 5 status, 6 created_at, 7 updated_at, 8 request_fingerprint
//   TransferLine 1 sku, 2 quantity, 3 quantity_received

extension BinaryWriter {
    mutating func transfer(_ t: Transfer) {
        put(1, t.transferId)
        put(2, t.fromLocationId)
        put(3, t.toLocationId)
        for l in t.lines {
            message(4) { w in
                w.put(1, l.sku)
                w.put(2, sint: Int64(l.quantity))
                w.put(3, sint: Int64(l.quantityReceived))
            }
        }
        put(5, t.status)
        put(6, t.createdAt)
        put(7, t.updatedAt)
        put(8, uint: t.requestFingerprint)
    }
}

extension BinaryReader {
    mutating func transfer() throws(CodecError) -> Transfer {
        var t = Transfer(transferId: "", fromLocationId: "", toLocationId: "", lines: [], status: .unspecified,
                         createdAt: .zero, updatedAt: .zero)
        while let (n, w) = try field() {
            switch n {
            case 1: t.transferId = try string(w)
            case 2: t.fromLocationId = try string(w)
            case 3: t.toLocationId = try string(w)
            case 4:
                t.lines.append(try message(w) { r throws(CodecError) -> TransferLine in
                    var l = TransferLine(sku: "", quantity: 0)
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: l.sku = try r.string(w)
                        case 2: l.quantity = try r.sint32(w)
                        case 3: l.quantityReceived = try r.sint32(w)
                        default: try r.skip(w)
                        }
                    }
                    return l
                })
            case 5: t.status = try wire(TransferStatus.self, w)
            case 6: t.createdAt = try timestamp(w)
            case 7: t.updatedAt = try timestamp(w)
            case 8: t.requestFingerprint = try uint(w)
            default: try skip(w)
            }
        }
        return t
    }
}
