// The delivery promise on orders and plans, daily capacity (also after a restart, from a
// snapshot or from the journal's changes), the durability of carrier services and the routing
// policy, and the validation of every new field.
import Testing
@testable import OrderlyDomain

@Suite struct PromiseTests {
    @Test func anOrderCarriesItsPromise() throws {
        let store = try PolicyWorld.store([("wh-nyc", "A", 5)])
        let order = try store.createOrder(Fixture.order([("A", 2)]))
        let promise = try #require(order.promise)
        #expect(promise.parcels.count == 1)
        let parcel = promise.parcels[0]
        #expect(parcel.locationId == "wh-nyc")
        #expect(parcel.carrierServiceId == "ground")
        #expect(parcel.shippingCostMinor == 500)
        // Created Tuesday 08:00 EDT: cutoff 15:00 EDT the same day, two transit days.
        #expect(parcel.shipBy == utc(2026, 6, 2, 19))
        #expect(parcel.deliverBy == utc(2026, 6, 4, 19))
        #expect(promise.earliest == utc(2026, 6, 4, 19) && promise.latest == utc(2026, 6, 4, 19))
        #expect(try store.order(order.orderId).promise == promise)
    }

    @Test func earliestLatestAndTotalSpanTheParcels() throws {
        let store = try PolicyWorld.store(ObjectiveTests.split, policy: RoutingPolicy(objective: .cost))
        var nyc = try #require(store.listLocations().first { $0.locationId == "wh-nyc" })
        nyc.handlingDays = 1
        _ = try store.upsertLocation(nyc)
        let order = try store.createOrder(Fixture.order([("A", 1), ("B", 1)]))
        let promise = try #require(order.promise)
        #expect(Set(promise.parcels.map(\.locationId)) == ["wh-nyc", "wh-phl"])
        #expect(promise.earliest == utc(2026, 6, 4, 19))
        #expect(promise.latest == utc(2026, 6, 5, 19))
        #expect(promise.shippingCostMinor == 1000)
    }

    @Test func aPlanWithOnlyLinesAndAnAddressHasThePromise() throws {
        let store = try PolicyWorld.store([("wh-nyc", "A", 5), ("wh-phl", "A", 5)])
        let command = CreateOrderCommand(channel: .web, lines: [OrderLineInput(sku: "A", quantity: 1, unitPriceMinor: 0)],
                                         currency: "", shippingAddress: Place.customer)
        let plan = try store.planRouting(command)
        #expect(plan.promise?.latest == utc(2026, 6, 4, 19))
        #expect(plan.promise?.shippingCostMinor == 500)
        #expect(plan.trace.count == 2)
        #expect(plan.trace.allSatisfy { $0.contains("deliver by 2026-06-04T19:00Z") && $0.contains("cost 500") })
        // A plan reserves nothing.
        #expect(store.availability(skus: ["A"]).first?.reserved == 0)
    }

    @Test func servicesOfAnotherCurrencyAreNotUsed() throws {
        var euro = PolicyWorld.ground
        euro.carrierServiceId = "dhl-eur"
        euro.currency = "EUR"
        let store = try PolicyWorld.store([("wh-nyc", "A", 5)], services: [euro])
        #expect(try store.createOrder(Fixture.order([("A", 1)])).promise == nil)
    }

    @Test func pickupOrdersHaveNoPromise() throws {
        let store = try PolicyWorld.store([("st-bos", "A", 5)])
        #expect(try store.createOrder(Fixture.order([("A", 1)], method: .storePickup, pickup: "st-bos")).promise == nil)
    }

    static func capacityStore(clock: ManualClock) throws -> (OrderStore, Locked<[StoreChange]>) {
        let journal = Locked<[StoreChange]>([])
        let store = OrderStore(clock: clock)
        store.setChangeHook { changes in journal.withLock { $0 += changes } }
        for l in Fixture.locations {
            var l = l
            l.timeZone = "America/New_York"
            l.dailyOrderCapacity = l.locationId == "wh-nyc" ? 2 : 0
            _ = try store.upsertLocation(l)
        }
        _ = try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 100))
        _ = try store.setStock(SetStockCommand(locationId: "wh-phl", sku: "A", onHand: 100))
        return (store, journal)
    }

    @Test func aFullLocationIsPassedOverUntilItsNextLocalDay() throws {
        // 2026-06-02 23:00 EDT = 06-03 03:00Z: the local day ends an hour later.
        let clock = ManualClock(utc(2026, 6, 3, 3))
        let (store, _) = try Self.capacityStore(clock: clock)
        #expect(try store.createOrder(Fixture.order([("A", 1)])).allocations[0].locationId == "wh-nyc")
        #expect(try store.createOrder(Fixture.order([("A", 1)])).allocations[0].locationId == "wh-nyc")
        let plan = try store.planRouting(Fixture.order([("A", 1)]))
        #expect(plan.allocations[0].locationId == "wh-phl")
        #expect(plan.trace.contains { $0.hasPrefix("wh-nyc") && $0.contains("at capacity (2 of 2 orders today)") })
        #expect(try store.createOrder(Fixture.order([("A", 1)])).allocations[0].locationId == "wh-phl")
        clock.advance(seconds: 3600)  // midnight in New York: a new local day (still 06-03 in UTC)
        #expect(try store.createOrder(Fixture.order([("A", 1)])).allocations[0].locationId == "wh-nyc")
    }

    @Test func capacitySurvivesARestartFromSnapshotOrJournal() throws {
        let clock = ManualClock(utc(2026, 6, 2, 15))
        let (store, journal) = try Self.capacityStore(clock: clock)
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        _ = try store.createOrder(Fixture.order([("A", 1)]))
        let fromSnapshot = OrderStore(state: try StoreState.decode(store.snapshot().encode()), clock: clock)
        let fromJournal = OrderStore(clock: clock)
        fromJournal.replay(try StoreChange.decodeBatch(StoreChange.encode(journal.withLock { $0 })))
        for restarted in [fromSnapshot, fromJournal] {
            #expect(try restarted.createOrder(Fixture.order([("A", 1)])).allocations[0].locationId == "wh-phl")
        }
    }

    @Test func carrierServicesPolicyLocationsAndPromisesSurviveTheCodecs() throws {
        let store = try PolicyWorld.store(ObjectiveTests.split, services: [PolicyWorld.ground, PolicyWorld.air],
                                          policy: RoutingPolicy(objective: .speed, maxLocations: 3, splitPenaltyMinor: 250))
        var nyc = try #require(store.listLocations().first { $0.locationId == "wh-nyc" })
        nyc.handlingDays = 2
        nyc.dailyOrderCapacity = 40
        _ = try store.upsertLocation(nyc)
        let order = try store.createOrder(Fixture.order([("A", 1), ("B", 1)]))
        #expect(order.promise != nil)
        let decoded = try StoreState.decode(store.snapshot().encode())
        #expect(decoded.routingPolicy == RoutingPolicy(objective: .speed, maxLocations: 3, splitPenaltyMinor: 250))
        #expect(decoded.allCarrierServices() == [PolicyWorld.air, PolicyWorld.ground])
        #expect(decoded.location("wh-nyc") == nyc)
        #expect(decoded.order(order.orderId) == order)
        for change: StoreChange in [.carrierServicePut(PolicyWorld.ground), .routingPolicyPut(RoutingPolicy(objective: .cost)),
                                    .locationPut(nyc), .orderPut(order, requestId: "r")] {
            #expect(try StoreChange.decode(change.encode()) == change)
        }
    }

    @Test func fulfillmentStatsCountPromisesKeptOverallAndPerLocation() throws {
        let clock = ManualClock(PolicyWorld.now)
        let store = try PolicyWorld.store([("wh-nyc", "A", 5), ("wh-phl", "B", 5)], policy: RoutingPolicy(objective: .cost),
                                          clock: clock)
        // Order 1 ships from NYC and PHL (deliver by 06-04 19:00Z each); order 2 from NYC only.
        let split = try store.createOrder(Fixture.order([("A", 1), ("B", 1)]))
        let single = try store.createOrder(Fixture.order([("A", 1)]))
        clock.advance(seconds: 6 * 3600)
        func ship(_ order: Order, _ location: String, deliveredAt: Timestamp) throws {
            let s = try store.createShipment(CreateShipmentCommand(orderId: order.orderId, locationId: location, lines: []))
            _ = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s.shipmentId, status: .delivered, occurredAt: deliveredAt))
        }
        try ship(split, "wh-nyc", deliveredAt: utc(2026, 6, 4, 18))  // on time
        try ship(split, "wh-phl", deliveredAt: utc(2026, 6, 4, 20))  // an hour late
        clock.set(utc(2026, 6, 4, 10))
        try ship(single, "wh-nyc", deliveredAt: utc(2026, 6, 4, 12))  // on time, order delivered 06-04 10:00Z
        let stats = store.fulfillmentStats(ReportRange(unchecked: nil, nil))
        // Both orders became DELIVERED (server time) before their promise.latest.
        #expect(stats.promiseKeptRate == 1.0)
        #expect(stats.byLocation.map(\.locationId) == ["wh-nyc", "wh-phl"])
        let nyc = stats.byLocation[0], phl = stats.byLocation[1]
        #expect(nyc.shipments == 2 && phl.shipments == 1)
        #expect(nyc.promiseKeptRate == 1.0 && phl.promiseKeptRate == 0.0)
        #expect(nyc.meanHoursToShip == (6.0 + 46.0) / 2 && phl.meanHoursToShip == 6.0)
        // A late order: delivered (server time) after its promise.
        let late = try store.createOrder(Fixture.order([("A", 1)]))
        clock.set(utc(2026, 6, 20))
        try ship(late, "wh-nyc", deliveredAt: utc(2026, 6, 20))
        let after = store.fulfillmentStats(ReportRange(unchecked: nil, nil))
        #expect(abs(after.promiseKeptRate - 2.0 / 3.0) < 1e-9)
        #expect(after.byLocation[0].shipments == 3 && abs(after.byLocation[0].promiseKeptRate - 2.0 / 3.0) < 1e-9)
        // The buckets equal a recomputation from scratch (a snapshot rebuilds them the same way).
        #expect(try StoreState.decode(store.snapshot().encode()).fulfillmentStats(ReportRange(unchecked: nil, nil)) == after)
        // A partial-hour range recomputes from the orders: only the first two orders.
        let range = ReportRange(unchecked: PolicyWorld.now, PolicyWorld.now.adding(seconds: 60))
        #expect(store.fulfillmentStats(range).byLocation.map(\.shipments) == [2, 1])
    }

    static let badLocations: [(String, @Sendable (inout Location) -> Void, String)] = [
        ("unknown zone", { $0.timeZone = "Mars/Olympus_Mons" }, "time_zone"),
        ("a path as zone", { $0.timeZone = "../../etc/passwd" }, "time_zone"),
        ("cutoff 24:00", { $0.cutoffLocalTime = "24:00" }, "cutoff_local_time"),
        ("cutoff 9:00", { $0.cutoffLocalTime = "9:00" }, "cutoff_local_time"),
        ("negative handling days", { $0.handlingDays = -1 }, "handling_days"),
        ("negative capacity", { $0.dailyOrderCapacity = -1 }, "daily_order_capacity"),
    ]

    @Test func badLocationFieldsAreInvalidArguments() throws {
        let store = try Fixture.store()
        for (name, change, field) in Self.badLocations {
            var l = Fixture.locations[0]
            change(&l)
            let error = domainError { try store.upsertLocation(l) }
            #expect(error?.kind == .invalidArgument, "\(name)")
            #expect(error?.message.contains(field) == true, "\(name): \(error?.message ?? "")")
        }
        #expect(store.listLocations().first { $0.locationId == "wh-nyc" }?.timeZone == "")
    }

    static let badServices: [(String, @Sendable (inout CarrierService) -> Void, String)] = [
        ("no id", { $0.carrierServiceId = "" }, "carrier_service_id"),
        ("no method", { $0.method = .unspecified }, "method"),
        ("pickup method", { $0.method = .storePickup }, "STORE_PICKUP"),
        ("bad currency", { $0.currency = "usd" }, "currency"),
        ("no bands", { $0.bands = [] }, "bands"),
        ("unsorted bands", { $0.bands.reverse() }, "bands[1].max_km"),
        ("zero max_km", { $0.bands[0].maxKm = 0 }, "bands[0].max_km"),
        ("NaN max_km", { $0.bands[0].maxKm = .nan }, "bands[0].max_km"),
        ("negative transit", { $0.bands[0].transitDays = -1 }, "bands[0].transit_days"),
        ("negative cost", { $0.bands[1].baseCostMinor = -5 }, "bands[1].base_cost_minor"),
        ("negative per unit", { $0.bands[1].perUnitCostMinor = -5 }, "bands[1].per_unit_cost_minor"),
        ("huge cost", { $0.bands[1].baseCostMinor = .max }, "bands[1].base_cost_minor"),
        ("template without placeholder", { $0.trackingUrlTemplate = "https://x.example/" }, "{tracking}"),
    ]

    @Test func badCarrierServicesAreInvalidArguments() throws {
        let store = try Fixture.store()
        for (name, change, part) in Self.badServices {
            var s = PolicyWorld.ground
            change(&s)
            let error = domainError { try store.upsertCarrierService(s) }
            #expect(error?.kind == .invalidArgument, "\(name)")
            #expect(error?.message.contains(part) == true, "\(name): \(error?.message ?? "")")
        }
        #expect(store.listCarrierServices().isEmpty)
    }

    @Test func badPoliciesAreInvalidArgumentsAndUnspecifiedMeansDistance() throws {
        let store = try Fixture.store()
        #expect(domainError { try store.setRoutingPolicy(RoutingPolicy(objective: .cost, maxLocations: -1)) }?.kind == .invalidArgument)
        #expect(domainError { try store.setRoutingPolicy(RoutingPolicy(objective: .cost, splitPenaltyMinor: -1)) }?.kind == .invalidArgument)
        #expect(store.routingPolicy() == RoutingPolicy())
        #expect(try store.setRoutingPolicy(RoutingPolicy(objective: .unspecified, maxLocations: 2)).objective == .distance)
    }
}
