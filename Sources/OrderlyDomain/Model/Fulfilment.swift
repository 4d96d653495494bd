// Carrier services, the routing policy and the delivery promise of a plan or an order.

/// One distance band of a carrier service.
public struct TransitBand: Hashable, Sendable {
    /// The band covers parcels travelling at most this far (great-circle km).
    public var maxKm: Double
    /// Calendar days from hand-over to delivery.
    public var transitDays: Int32
    /// Cost of a parcel in this band.
    public var baseCostMinor: Int64
    /// Extra cost per unit in the parcel.
    public var perUnitCostMinor: Int64

    /// Creates a band.
    public init(maxKm: Double, transitDays: Int32, baseCostMinor: Int64, perUnitCostMinor: Int64 = 0) {
        self.maxKm = maxKm
        self.transitDays = transitDays
        self.baseCostMinor = baseCostMinor
        self.perUnitCostMinor = perUnitCostMinor
    }

    /// Cost of a parcel of `units` units (saturating: validation keeps real figures far below).
    public func cost(units: Int64) -> Int64 {
        let (perUnit, o1) = perUnitCostMinor.multipliedReportingOverflow(by: units)
        let (sum, o2) = baseCostMinor.addingReportingOverflow(perUnit)
        return o1 || o2 ? .max : sum
    }
}

/// A carrier's service for one shipping method, priced by distance band.
public struct CarrierService: Hashable, Sendable {
    /// Caller-chosen id.
    public var carrierServiceId: String
    /// The carrier, e.g. "DHL".
    public var carrier: String
    /// Display name.
    public var name: String
    /// The shipping method it serves.
    public var method: ShippingMethod
    /// ISO 4217 code of its costs.
    public var currency: String
    /// Bands by ascending `maxKm`.
    public var bands: [TransitBand]
    /// Tracking link with "{tracking}" where the tracking number goes ("" = none).
    public var trackingUrlTemplate: String

    /// Creates a service.
    public init(
        carrierServiceId: String, carrier: String = "", name: String = "", method: ShippingMethod,
        currency: String = "USD", bands: [TransitBand], trackingUrlTemplate: String = ""
    ) {
        self.carrierServiceId = carrierServiceId
        self.carrier = carrier
        self.name = name
        self.method = method
        self.currency = currency
        self.bands = bands
        self.trackingUrlTemplate = trackingUrlTemplate
    }

    /// The first band whose `maxKm` ≥ `km` (nil: out of range).
    public func band(forKm km: Double) -> TransitBand? {
        guard km.isFinite else { return nil }
        return bands.first { $0.maxKm >= km }
    }

    /// The tracking link of `trackingNumber` ("" when there is no template).
    public func trackingURL(_ trackingNumber: String) -> String {
        trackingUrlTemplate.isEmpty ? "" : trackingUrlTemplate.replacingAll("{tracking}", with: trackingNumber)
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    fileprivate func range(of target: String) -> Range<Substring.Index>? {
        let t = Array(target.utf8)
        var i = startIndex
        while i < endIndex {
            if self[i...].utf8.starts(with: t) {
                return i..<(self.utf8.index(i, offsetBy: t.count))
            }
            i = index(after: i)
        }
        return nil
    }
}

/// What routing optimises.
public enum RoutingObjective: Int32, WireEnum {
    case unspecified = 0, distance, cost, speed
    public static let protoPrefix = "ROUTING_OBJECTIVE_"
}

/// The store-wide routing policy.
public struct RoutingPolicy: Hashable, Sendable {
    /// DISTANCE (round 1's rules, also for UNSPECIFIED), COST or SPEED.
    public var objective: RoutingObjective
    /// At most this many parcels (locations) per order; 0 = no cap.
    public var maxLocations: Int32
    /// Added to an allocation's cost for every parcel beyond the first (COST).
    public var splitPenaltyMinor: Int64

    /// Creates a policy; the default is DISTANCE with no cap.
    public init(objective: RoutingObjective = .distance, maxLocations: Int32 = 0, splitPenaltyMinor: Int64 = 0) {
        self.objective = objective
        self.maxLocations = maxLocations
        self.splitPenaltyMinor = splitPenaltyMinor
    }

    /// The objective in force (UNSPECIFIED means DISTANCE).
    public var effectiveObjective: RoutingObjective { objective == .unspecified ? .distance : objective }
}

/// The promise of one parcel: where it leaves from, with which service, at what cost and when.
public struct ParcelPromise: Hashable, Sendable {
    /// The location the parcel leaves from.
    public var locationId: String
    /// The carrier service it travels with ("" when the method has none: no dates, no cost).
    public var carrierServiceId: String
    /// Its shipping cost in the service's currency.
    public var shippingCostMinor: Int64
    /// When it is handed to the carrier at the latest.
    public var shipBy: Timestamp
    /// When it arrives at the latest (zero when there is no carrier service).
    public var deliverBy: Timestamp

    /// Creates a parcel promise.
    public init(locationId: String, carrierServiceId: String, shippingCostMinor: Int64, shipBy: Timestamp,
                deliverBy: Timestamp) {
        self.locationId = locationId
        self.carrierServiceId = carrierServiceId
        self.shippingCostMinor = shippingCostMinor
        self.shipBy = shipBy
        self.deliverBy = deliverBy
    }
}

/// The delivery promise of a plan or an order: its parcels, and what they add up to. One
/// array, so an order without a promise (`nil`) costs one word.
public struct DeliveryPromise: Hashable, Sendable {
    /// One per location the order ships from, in allocation order.
    public var parcels: [ParcelPromise]

    /// Creates a promise.
    public init(parcels: [ParcelPromise]) { self.parcels = parcels }

    /// The first parcel's delivery date (zero when no parcel has one).
    public var earliest: Timestamp { parcels.lazy.map(\.deliverBy).filter { $0.nanos != 0 }.min() ?? .zero }
    /// The last parcel's delivery date: when the whole order is there.
    public var latest: Timestamp { parcels.lazy.map(\.deliverBy).filter { $0.nanos != 0 }.max() ?? .zero }
    /// Σ parcel costs.
    public var shippingCostMinor: Int64 { parcels.reduce(0) { $0 &+ $1.shippingCostMinor } }
}
