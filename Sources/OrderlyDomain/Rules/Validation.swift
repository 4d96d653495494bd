// Request validation: every command is checked here before any state is read, so a malformed
// request always fails with INVALID_ARGUMENT naming the field, whatever the state.

/// Size limits for requests.
public struct DomainLimits: Hashable, Sendable {
    /// Longest id (order, location, sku, request, customer), in UTF-8 bytes.
    public var maxIdBytes: Int = 128
    /// Longest free-text field, in UTF-8 bytes.
    public var maxTextBytes: Int = 4096
    /// Most lines per order, shipment or return.
    public var maxLines: Int = 500

    /// The defaults.
    public init() {}
}

/// Field checks shared by every command.
enum Validate {
    static func id(_ value: String, _ field: String, required: Bool = true, limits: DomainLimits) throws(DomainError) {
        if value.isEmpty {
            if required { throw .invalid("\(field) is required") }
            return
        }
        if value.utf8.count > limits.maxIdBytes {
            throw .invalid("\(field) is longer than \(limits.maxIdBytes) bytes")
        }
        if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw .invalid("\(field) contains control characters")
        }
    }

    static func text(_ value: String, _ field: String, limits: DomainLimits) throws(DomainError) {
        if value.utf8.count > limits.maxTextBytes {
            throw .invalid("\(field) is longer than \(limits.maxTextBytes) bytes")
        }
    }

    static func address(_ address: Address, _ field: String, limits: DomainLimits) throws(DomainError) {
        let texts = [
            ("name", address.name), ("line1", address.line1), ("line2", address.line2),
            ("city", address.city), ("region", address.region), ("postal_code", address.postalCode),
        ]
        for (name, value) in texts { try text(value, "\(field).\(name)", limits: limits) }
        if !address.country.isEmpty {
            let bytes = Array(address.country.utf8)
            guard bytes.count == 2, bytes.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
                throw .invalid("\(field).country must be an ISO 3166-1 alpha-2 code, got \"\(address.country)\"")
            }
        }
        guard address.latitude.isFinite, (-90.0...90.0).contains(address.latitude) else {
            throw .invalid("\(field).latitude must be within -90...90")
        }
        guard address.longitude.isFinite, (-180.0...180.0).contains(address.longitude) else {
            throw .invalid("\(field).longitude must be within -180...180")
        }
    }

    static func currency(_ value: String) throws(DomainError) {
        let bytes = Array(value.utf8)
        guard bytes.count == 3, bytes.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
            throw .invalid("currency must be three uppercase letters (ISO 4217), got \"\(value)\"")
        }
    }

    static func specified<E: WireEnum>(_ value: E, _ field: String) throws(DomainError) where E.RawValue == Int32 {
        if value.rawValue == 0 { throw .invalid("\(field) must be set") }
    }

    /// Checks a CreateOrder command; returns the order total.
    static func createOrder(_ c: CreateOrderCommand, limits: DomainLimits) throws(DomainError) -> Int64 {
        try id(c.requestId, "request_id", required: false, limits: limits)
        try specified(c.channel, "channel")
        try id(c.channelOrderRef, "channel_order_ref", required: false, limits: limits)
        try id(c.customer.customerId, "customer.customer_id", required: false, limits: limits)
        try text(c.customer.email, "customer.email", limits: limits)
        try text(c.customer.name, "customer.name", limits: limits)
        try currency(c.currency)
        try specified(c.shippingMethod, "shipping_method")
        if c.shippingMethod == .storePickup {
            try id(c.pickupLocationId, "pickup_location_id", limits: limits)
        } else {
            try id(c.pickupLocationId, "pickup_location_id", required: false, limits: limits)
        }
        if let address = c.shippingAddress {
            try self.address(address, "shipping_address", limits: limits)
            // (0, 0) is in the Gulf of Guinea: in practice it is coordinates left unset, and routing
            // from it would pick a location silently. Pickup orders do not route from the address.
            if c.shippingMethod != .storePickup, address.latitude == 0, address.longitude == 0 {
                throw .invalid("shipping_address is at latitude 0, longitude 0 (coordinates not set?); routing needs its real coordinates")
            }
        } else if c.shippingMethod != .storePickup {
            throw .invalid("shipping_address is required unless shipping_method is STORE_PICKUP")
        }
        if c.lines.isEmpty { throw .invalid("lines must not be empty") }
        if c.lines.count > limits.maxLines { throw .invalid("lines has more than \(limits.maxLines) entries") }
        var total: Int64 = 0
        var seen: [String: Int] = [:]
        for (i, line) in c.lines.enumerated() {
            try id(line.sku, "lines[\(i)].sku", limits: limits)
            if let first = seen[line.sku] {
                throw .invalid("lines[\(i)].sku \(line.sku) repeats lines[\(first)]")
            }
            seen[line.sku] = i
            if line.quantity <= 0 { throw .invalid("lines[\(i)].quantity must be > 0") }
            if line.unitPriceMinor < 0 { throw .invalid("lines[\(i)].unit_price_minor must be >= 0") }
            let (amount, o1) = line.unitPriceMinor.multipliedReportingOverflow(by: Int64(line.quantity))
            let (sum, o2) = total.addingReportingOverflow(amount)
            if o1 || o2 { throw .invalid("order total overflows int64 at lines[\(i)]") }
            total = sum
        }
        if c.backorderCancelAfter != nil && !c.allowBackorder {
            throw .invalid("backorder_cancel_after needs allow_backorder")
        }
        return total
    }

    static func shipmentLines(_ lines: [ShipmentLine], limits: DomainLimits) throws(DomainError) {
        if lines.count > limits.maxLines { throw .invalid("lines has more than \(limits.maxLines) entries") }
        var seen: [String: Int] = [:]
        for (i, line) in lines.enumerated() {
            try id(line.sku, "lines[\(i)].sku", limits: limits)
            if let first = seen[line.sku] { throw .invalid("lines[\(i)].sku \(line.sku) repeats lines[\(first)]") }
            seen[line.sku] = i
            if line.quantity <= 0 { throw .invalid("lines[\(i)].quantity must be > 0") }
        }
    }

    static func returnLines(_ lines: [ReturnLine], limits: DomainLimits) throws(DomainError) {
        if lines.isEmpty { throw .invalid("lines must not be empty") }
        if lines.count > limits.maxLines { throw .invalid("lines has more than \(limits.maxLines) entries") }
        var seen: [String: Int] = [:]
        for (i, line) in lines.enumerated() {
            try id(line.sku, "lines[\(i)].sku", limits: limits)
            if let first = seen[line.sku] { throw .invalid("lines[\(i)].sku \(line.sku) repeats lines[\(first)]") }
            seen[line.sku] = i
            if line.quantity <= 0 { throw .invalid("lines[\(i)].quantity must be > 0") }
        }
    }

    static func transferLines(_ lines: [TransferLine], limits: DomainLimits) throws(DomainError) {
        if lines.isEmpty { throw .invalid("lines must not be empty") }
        if lines.count > limits.maxLines { throw .invalid("lines has more than \(limits.maxLines) entries") }
        var seen: [String: Int] = [:]
        for (i, line) in lines.enumerated() {
            try id(line.sku, "lines[\(i)].sku", limits: limits)
            if let first = seen[line.sku] { throw .invalid("lines[\(i)].sku \(line.sku) repeats lines[\(first)]") }
            seen[line.sku] = i
            if line.quantity <= 0 { throw .invalid("lines[\(i)].quantity must be > 0") }
        }
    }

    static func location(_ l: Location, limits: DomainLimits) throws(DomainError) {
        try id(l.locationId, "location_id", limits: limits)
        try text(l.name, "name", limits: limits)
        if let a = l.address { try address(a, "address", limits: limits) }
        try fulfilment(l)
    }
}
