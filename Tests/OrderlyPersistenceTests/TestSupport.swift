// TestSupport: temporary data directories, raw file damage, a workload that touches every kind of
// entity, and a field-for-field state comparison.
import Glibc
import Testing
@testable import OrderlyDomain
@testable import OrderlyDurability
@testable import OrderlyPersistence

/// A fresh directory under /tmp, removed (with its files) by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/orderly-persistence-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        guard made != nil else { throw SystemError(operation: "mkdtemp", path: "/tmp", errno: errno) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { DataDirectoryLayout.path(path, name) }

    func names() throws -> [String] { try Syscall.listDirectory(path).sorted() }

    func segments() throws -> [String] { try names().filter { $0.hasPrefix("journal-") && $0.hasSuffix(".log") } }

    func snapshots() throws -> [String] { try names().filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".snap") } }

    func remove() {
        for name in (try? Syscall.listDirectory(path)) ?? [] { try? Syscall.unlink(file(name)) }
        rmdir(path)
    }
}

enum RawFile {
    static func read(_ path: String) throws -> [UInt8] {
        let fd = try Syscall.open(path, O_RDONLY)
        defer { Syscall.close(fd) }
        return try Syscall.read(fd, count: Int(try Syscall.size(fd)), at: 0)
    }

    static func write(_ path: String, _ bytes: [UInt8]) throws {
        let fd = try Syscall.open(path, O_WRONLY | O_CREAT | O_TRUNC)
        defer { Syscall.close(fd) }
        try Syscall.writeAll(fd, bytes)
    }
}

/// Options for tests: no background snapshots unless asked, no snapshot at close unless asked.
func testOptions(snapshotOnClose: Bool = false, fsync: FsyncPolicy = .batch) -> PersistenceOptions {
    var options = PersistenceOptions()
    options.fsync = fsync
    options.snapshotOnClose = snapshotOnClose
    options.snapshotInterval = nil
    options.snapshotJournalBytes = nil
    return options
}

let locations = [
    Location(locationId: "wh-nyc", name: "NYC", kind: .warehouse,
             address: Address(city: "New York", country: "US", latitude: 40.7128, longitude: -74.0060)),
    Location(locationId: "wh-phl", name: "PHL", kind: .warehouse,
             address: Address(city: "Philadelphia", country: "US", latitude: 39.9526, longitude: -75.1652)),
    Location(locationId: "st-bos", name: "Boston store", kind: .store,
             address: Address(city: "Boston", country: "US", latitude: 42.3601, longitude: -71.0589), pickupEnabled: true),
]

func orderCommand(_ lines: [(String, Int32)], requestId: String, customer: String, channel: SalesChannel = .web) -> CreateOrderCommand {
    CreateOrderCommand(
        requestId: requestId, channel: channel, channelOrderRef: "ref-\(requestId)",
        customer: Customer(customerId: customer, email: "\(customer)@example.com", name: "Customer"),
        lines: lines.map { OrderLineInput(sku: $0.0, quantity: $0.1, unitPriceMinor: 1250) },
        currency: "USD",
        shippingAddress: Address(name: "Ada", line1: "5th Ave", city: "New York", country: "US",
                                 latitude: 40.7306, longitude: -73.9866),
        shippingMethod: .standard)
}

/// Seeds locations and stock; returns the number of mutations that changed something.
@discardableResult
func seed(_ store: OrderStore) throws -> Int {
    for l in locations { _ = try store.upsertLocation(l) }
    for (loc, sku, n) in [("wh-nyc", "A", 500), ("wh-phl", "A", 500), ("wh-nyc", "B", 300), ("st-bos", "C", 50)] as [(String, String, Int64)] {
        _ = try store.setStock(SetStockCommand(locationId: loc, sku: sku, onHand: n, safetyStock: 1))
    }
    return locations.count + 4
}

/// Orders, a cancel, shipments with tracking, a return through refund, an adjustment. `tag`
/// keeps ids unique across calls.
func workload(_ store: OrderStore, clock: ManualClock, tag: String, orders count: Int = 8) throws {
    _ = try store.adjustStock(AdjustStockCommand(locationId: "wh-phl", sku: "B", delta: 7, requestId: "adj-\(tag)"))
    var orders: [Order] = []
    for i in 0..<count {
        clock.advance(seconds: 600)
        orders.append(try store.createOrder(orderCommand([("A", Int32(1 + i % 3)), ("B", 1)], requestId: "req-\(tag)-\(i)",
                                                         customer: "c-\(i % 3)", channel: i % 2 == 0 ? .web : .pos)))
    }
    _ = try store.cancelOrder(orderId: orders[0].orderId, reason: "changed mind")
    let shipped = orders[1]
    for location in Set(shipped.allocations.map(\.locationId)).sorted() {
        let s = try store.createShipment(CreateShipmentCommand(orderId: shipped.orderId, locationId: location, carrier: "DHL"))
        clock.advance(seconds: 3600)
        _ = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s.shipmentId, status: .delivered, description: "door"))
    }
    let r = try store.requestReturn(RequestReturnCommand(
        orderId: shipped.orderId, lines: [ReturnLine(sku: "B", quantity: 1, reason: .damaged)], requestId: "ret-\(tag)"))
    _ = try store.approveReturn(returnId: r.returnId)
    _ = try store.receiveReturn(returnId: r.returnId, locationId: "wh-nyc", restock: true)
    _ = try store.refundReturn(returnId: r.returnId)
}

/// Asserts that two states hold the same entities, indexes, idempotency keys and reports.
func expectSameState(_ a: StoreState, _ b: StoreState, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.orderCount > 0, sourceLocation: sourceLocation)
    #expect(a.locations == b.locations, sourceLocation: sourceLocation)
    #expect(a.stock == b.stock, sourceLocation: sourceLocation)
    #expect(a.orders == b.orders, sourceLocation: sourceLocation)
    #expect(a.orderIndex == b.orderIndex, sourceLocation: sourceLocation)
    #expect(a.channelRefs == b.channelRefs, sourceLocation: sourceLocation)
    #expect(a.byCustomer == b.byCustomer, sourceLocation: sourceLocation)
    #expect(a.byStatus == b.byStatus, sourceLocation: sourceLocation)
    #expect(a.byChannel == b.byChannel, sourceLocation: sourceLocation)
    #expect(a.shipments == b.shipments, sourceLocation: sourceLocation)
    #expect(a.returns == b.returns, sourceLocation: sourceLocation)
    #expect(a.lastSequence == b.lastSequence, sourceLocation: sourceLocation)
    #expect(a.orderRequests == b.orderRequests, sourceLocation: sourceLocation)
    #expect(a.returnRequests == b.returnRequests, sourceLocation: sourceLocation)
    #expect(a.adjustRequests == b.adjustRequests, sourceLocation: sourceLocation)
    #expect(a.encode() == b.encode(), sourceLocation: sourceLocation)
    #expect(a.salesSummary(from: nil, to: nil) == b.salesSummary(from: nil, to: nil), sourceLocation: sourceLocation)
    #expect(a.fulfillmentStats(from: nil, to: nil) == b.fulfillmentStats(from: nil, to: nil), sourceLocation: sourceLocation)
}
