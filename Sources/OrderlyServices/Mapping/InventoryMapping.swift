// Inventory messages between wire and domain: Location, StockLevel, SetStock / AdjustStock
// requests, availability, ImportStock and VerifyInventory results.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_Location {
    /// The wire form of a domain location.
    init(_ l: Location) {
        self.init(
            locationID: l.locationId, name: l.name, kind: Orderly_V1_LocationKind(l.kind),
            address: l.address.map(Orderly_V1_Address.init), pickupEnabled: l.pickupEnabled,
            timeZone: l.timeZone, cutoffLocalTime: l.cutoffLocalTime, handlingDays: l.handlingDays,
            dailyOrderCapacity: l.dailyOrderCapacity)
    }

    /// The domain location. The id is checked first so a request missing everything names it.
    func domain() throws(DomainError) -> Location {
        if locationID.isEmpty { throw DomainError(.invalidArgument, "location_id is required") }
        let kind: LocationKind = try WireEnums.domain(kind.rawValue, "kind", required: true)
        return Location(
            locationId: locationID, name: name, kind: kind, address: address?.domain, pickupEnabled: pickupEnabled,
            timeZone: timeZone, cutoffLocalTime: cutoffLocalTime, handlingDays: handlingDays,
            dailyOrderCapacity: dailyOrderCapacity)
    }
}

extension Orderly_V1_StockLevel {
    /// The wire form of a domain stock level (with its derived `available`).
    init(_ s: StockLevel) {
        self.init(
            locationID: s.locationId, sku: s.sku, onHand: s.onHand, reserved: s.reserved,
            safetyStock: s.safetyStock, available: s.available, version: s.version, damaged: s.damaged,
            incoming: s.incoming)
    }
}

extension Orderly_V1_SetStockRequest {
    /// The domain command (the domain validates ids and counts).
    var domain: SetStockCommand {
        SetStockCommand(locationId: locationID, sku: sku, onHand: onHand, safetyStock: safetyStock)
    }
}

extension Orderly_V1_AdjustStockRequest {
    /// The domain command.
    var domain: AdjustStockCommand {
        AdjustStockCommand(locationId: locationID, sku: sku, delta: delta, reason: reason, requestId: requestID)
    }
}

extension Orderly_V1_SkuAvailability {
    /// The wire form of one sku's availability.
    init(_ a: SkuAvailability) {
        self.init(
            sku: a.sku, onHand: a.onHand, reserved: a.reserved, available: a.available,
            locations: a.locations.map(Orderly_V1_StockLevel.init))
    }
}

extension Orderly_V1_ImportStockResponse {
    /// The wire form of an import's outcome.
    init(_ r: ImportStockResult) {
        self.init(accepted: r.accepted, rejected: r.rejected, errors: r.errors)
    }
}

extension Orderly_V1_VerifyInventoryResponse {
    /// The wire form of an inventory audit.
    init(_ r: InventoryReport) {
        self.init(consistent: r.consistent, levelsChecked: r.levelsChecked, problems: r.problems)
    }
}
