// Request fingerprints: a stable 64-bit digest (FNV-1a) of the payload of a request that carries
// an idempotency key, stored with what the request made. A retry under the same key must carry
// the same payload; a different one is a client bug and answers ALREADY_EXISTS instead of
// silently returning the first result. The digest must not change between releases or runs
// (Swift's Hasher is seeded per process), so it is computed here over a fixed field order.
// The idempotency key itself (request_id) is not part of the payload.

/// Builds a fingerprint field by field.
struct Fingerprint {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    private mutating func byte(_ b: UInt8) {
        state = (state ^ UInt64(b)) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ v: UInt64) {
        for k in 0..<8 { byte(UInt8(truncatingIfNeeded: v >> UInt64(8 * k))) }
    }

    mutating func add(_ v: Int64) { add(UInt64(bitPattern: v)) }

    mutating func add(_ v: Double) { add(v.bitPattern) }

    mutating func add(_ s: String) {
        add(UInt64(s.utf8.count))
        for b in s.utf8 { byte(b) }
    }

    mutating func add<E: WireEnum>(_ e: E) { add(Int64(e.rawValue)) }

    mutating func add(_ a: Address?) {
        guard let a else { return add(UInt64(0)) }
        add(UInt64(1))
        for s in [a.name, a.line1, a.line2, a.city, a.region, a.postalCode, a.country] { add(s) }
        add(a.latitude)
        add(a.longitude)
    }

    /// The digest; never 0, which means "unknown" (data written before fingerprints existed).
    var value: UInt64 { state == 0 ? 1 : state }
}

extension CreateOrderCommand {
    /// The payload's fingerprint (everything but `requestId`).
    var fingerprint: UInt64 {
        var f = Fingerprint()
        f.add(channel)
        f.add(channelOrderRef)
        f.add(customer.customerId)
        f.add(customer.email)
        f.add(customer.name)
        f.add(UInt64(lines.count))
        for l in lines {
            f.add(l.sku)
            f.add(Int64(l.quantity))
            f.add(l.unitPriceMinor)
        }
        f.add(currency)
        f.add(shippingAddress)
        f.add(shippingMethod)
        f.add(pickupLocationId)
        // Only when set, so fingerprints of orders without a reservation stay what they were.
        if !reservationId.isEmpty { f.add(reservationId) }
        if allowBackorder { f.add(UInt64(1)) }
        if let at = backorderCancelAfter { f.add(at.nanos) }
        return f.value
    }
}

extension AdjustStockCommand {
    /// The payload's fingerprint (everything but `requestId`).
    var fingerprint: UInt64 {
        var f = Fingerprint()
        f.add(locationId)
        f.add(sku)
        f.add(delta)
        f.add(reason)
        return f.value
    }
}

extension RequestReturnCommand {
    /// The payload's fingerprint (everything but `requestId`).
    var fingerprint: UInt64 {
        var f = Fingerprint()
        f.add(orderId)
        f.add(UInt64(lines.count))
        for l in lines {
            f.add(l.sku)
            f.add(Int64(l.quantity))
            f.add(l.reason)
        }
        return f.value
    }
}

extension DomainError {
    /// A repeated idempotency key whose request differs from the first one.
    static func keyReused(_ key: String) -> DomainError {
        DomainError(.alreadyExists, "\(key) was already used with a different request; nothing changed")
    }
}
