// Carrier services, the routing policy and an order's delivery promise as tagged messages,
// shared by the change codec (CarrierServicePut, RoutingPolicyPut, OrderPut) and the snapshot.
// Field numbers are the format:
//
//   CarrierService 1 carrier_service_id, 2 carrier, 3 name, 4 method, 5 currency,
//                  6 band (repeated TransitBand), 7 tracking_url_template
//   TransitBand    1 max_km (double), 2 transit_days, 3 base_cost_minor, 4 per_unit_cost_minor
//   RoutingPolicy  1 objective, 2 max_locations, 3 split_penalty_minor
//   Order 21 promise {1 earliest, 2 latest, 3 shipping_cost_minor}: present when the order has
//                  a promise; its figures are derived from the parcels and not read back
//   Order 22 parcel (repeated ParcelPromise) 1 location_id, 2 carrier_service_id,
//                  3 shipping_cost_minor, 4 ship_by, 5 deliver_by

extension BinaryWriter {
    mutating func carrierService(_ s: CarrierService) {
        put(1, s.carrierServiceId)
        put(2, s.carrier)
        put(3, s.name)
        put(4, s.method)
        put(5, s.currency)
        for b in s.bands {
            message(6) { w in
                w.put(1, b.maxKm)
                w.put(2, sint: Int64(b.transitDays))
                w.put(3, sint: b.baseCostMinor)
                w.put(4, sint: b.perUnitCostMinor)
            }
        }
        put(7, s.trackingUrlTemplate)
    }

    mutating func routingPolicy(_ p: RoutingPolicy) {
        put(1, p.objective)
        put(2, sint: Int64(p.maxLocations))
        put(3, sint: p.splitPenaltyMinor)
    }

    /// Order fields 21 and 22 (nothing when there is no promise).
    mutating func promise(_ p: DeliveryPromise?) {
        guard let p else { return }
        message(21) { w in
            w.put(1, p.earliest)
            w.put(2, p.latest)
            w.put(3, sint: p.shippingCostMinor)
        }
        for parcel in p.parcels {
            message(22) { w in
                w.put(1, parcel.locationId)
                w.put(2, parcel.carrierServiceId)
                w.put(3, sint: parcel.shippingCostMinor)
                w.put(4, parcel.shipBy)
                w.put(5, parcel.deliverBy)
            }
        }
    }
}

extension BinaryReader {
    mutating func carrierService() throws(CodecError) -> CarrierService {
        var s = CarrierService(carrierServiceId: "", method: .unspecified, currency: "", bands: [])
        while let (n, w) = try field() {
            switch n {
            case 1: s.carrierServiceId = try string(w)
            case 2: s.carrier = try string(w)
            case 3: s.name = try string(w)
            case 4: s.method = try wire(ShippingMethod.self, w)
            case 5: s.currency = try string(w)
            case 6:
                s.bands.append(try message(w) { r throws(CodecError) in
                    var b = TransitBand(maxKm: 0, transitDays: 0, baseCostMinor: 0)
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: b.maxKm = try r.double(w)
                        case 2: b.transitDays = try r.sint32(w)
                        case 3: b.baseCostMinor = try r.sint(w)
                        case 4: b.perUnitCostMinor = try r.sint(w)
                        default: try r.skip(w)
                        }
                    }
                    return b
                })
            case 7: s.trackingUrlTemplate = try string(w)
            default: try skip(w)
            }
        }
        return s
    }

    mutating func routingPolicy() throws(CodecError) -> RoutingPolicy {
        var p = RoutingPolicy(objective: .unspecified)
        while let (n, w) = try field() {
            switch n {
            case 1: p.objective = try wire(RoutingObjective.self, w)
            case 2: p.maxLocations = try sint32(w)
            case 3: p.splitPenaltyMinor = try sint(w)
            default: try skip(w)
            }
        }
        return p
    }

    mutating func parcelPromise() throws(CodecError) -> ParcelPromise {
        var p = ParcelPromise(locationId: "", carrierServiceId: "", shippingCostMinor: 0, shipBy: .zero, deliverBy: .zero)
        while let (n, w) = try field() {
            switch n {
            case 1: p.locationId = try string(w)
            case 2: p.carrierServiceId = try string(w)
            case 3: p.shippingCostMinor = try sint(w)
            case 4: p.shipBy = try timestamp(w)
            case 5: p.deliverBy = try timestamp(w)
            default: try skip(w)
            }
        }
        return p
    }
}
