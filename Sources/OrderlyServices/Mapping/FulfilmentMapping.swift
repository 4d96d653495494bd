// Fulfilment messages between wire and domain: carrier services, the routing policy and the
// delivery promise of plans and orders.
import OrderlyDomain
import OrderlyMessages

extension Orderly_V1_CarrierService {
    /// The wire form of a carrier service.
    init(_ s: CarrierService) {
        self.init(
            carrierServiceID: s.carrierServiceId, carrier: s.carrier, name: s.name,
            method: Orderly_V1_ShippingMethod(s.method), currency: s.currency,
            bands: s.bands.map {
                Orderly_V1_TransitBand(
                    maxKm: $0.maxKm, transitDays: $0.transitDays, baseCostMinor: $0.baseCostMinor,
                    perUnitCostMinor: $0.perUnitCostMinor)
            },
            trackingURLTemplate: s.trackingUrlTemplate)
    }

    /// The domain carrier service; an unknown or unset method is INVALID_ARGUMENT.
    func domain() throws(DomainError) -> CarrierService {
        if carrierServiceID.isEmpty { throw DomainError(.invalidArgument, "carrier_service_id is required") }
        let method: ShippingMethod = try WireEnums.domain(method.rawValue, "method", required: true)
        return CarrierService(
            carrierServiceId: carrierServiceID, carrier: carrier, name: name, method: method, currency: currency,
            bands: bands.map {
                TransitBand(maxKm: $0.maxKm, transitDays: $0.transitDays, baseCostMinor: $0.baseCostMinor,
                            perUnitCostMinor: $0.perUnitCostMinor)
            },
            trackingUrlTemplate: trackingURLTemplate)
    }
}

extension Orderly_V1_RoutingObjective {
    init(_ value: RoutingObjective) { self.init(rawValue: value.rawValue) }
}

extension Orderly_V1_RoutingPolicy {
    /// The wire form of the routing policy.
    init(_ p: RoutingPolicy) {
        self.init(objective: Orderly_V1_RoutingObjective(p.objective), maxLocations: p.maxLocations,
                  splitPenaltyMinor: p.splitPenaltyMinor)
    }

    /// The domain policy; an unknown objective is INVALID_ARGUMENT.
    func domain() throws(DomainError) -> RoutingPolicy {
        RoutingPolicy(
            objective: try WireEnums.domain(objective.rawValue, "objective"), maxLocations: maxLocations,
            splitPenaltyMinor: splitPenaltyMinor)
    }
}

extension Orderly_V1_ParcelPromise {
    /// The wire form of one parcel's promise (unset dates stay unset).
    init(_ p: ParcelPromise) {
        self.init(
            locationID: p.locationId, carrierServiceID: p.carrierServiceId, shippingCostMinor: p.shippingCostMinor,
            shipBy: p.shipBy.nanos == 0 ? nil : Google_Protobuf_Timestamp(p.shipBy),
            deliverBy: p.deliverBy.nanos == 0 ? nil : Google_Protobuf_Timestamp(p.deliverBy))
    }
}

extension Orderly_V1_DeliveryPromise {
    /// The wire form of a promise as a whole.
    init(_ p: DeliveryPromise) {
        let earliest = p.earliest, latest = p.latest
        self.init(
            earliest: earliest.nanos == 0 ? nil : Google_Protobuf_Timestamp(earliest),
            latest: latest.nanos == 0 ? nil : Google_Protobuf_Timestamp(latest),
            shippingCostMinor: p.shippingCostMinor)
    }
}
