// ListOrders: filters AND-combined (checked against a brute-force filter), page sizes, tokens,
// and paging that visits every order exactly once while other threads keep creating orders.
import Testing
@testable import OrderlyDomain

@Suite struct ListingTests {
    /// 60 orders over three channels and five customers; some shipped, some cancelled.
    static func populated() throws -> OrderStore {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 10_000)])
        let channels: [SalesChannel] = [.web, .pos, .marketplace]
        for i in 0..<60 {
            let o = try store.createOrder(Fixture.order([("A", 1)], channel: channels[i % 3], customer: "c-\(i % 5)"))
            if i % 4 == 0 {
                _ = try store.cancelOrder(orderId: o.orderId)
            } else if i % 7 == 1 {
                let s = try store.createShipment(CreateShipmentCommand(orderId: o.orderId, locationId: "wh-nyc"))
                if i % 2 == 1 { _ = try store.addTrackingEvent(AddTrackingEventCommand(shipmentId: s.shipmentId, status: .delivered)) }
            }
        }
        return store
    }

    static func all(_ store: OrderStore, _ query: OrderQuery) throws -> [Order] {
        var q = query
        var out: [Order] = []
        var pages = 0
        while true {
            let page = try store.listOrders(q)
            out += page.orders
            pages += 1
            if page.nextPageToken.isEmpty || pages > 1000 { break }
            q.pageToken = page.nextPageToken
        }
        return out
    }

    static let queries: [OrderQuery] = [
        OrderQuery(pageSize: 7),
        OrderQuery(pageSize: 5, status: .cancelled),
        OrderQuery(pageSize: 4, status: .shipped, channel: .pos),
        OrderQuery(pageSize: 3, channel: .marketplace),
        OrderQuery(pageSize: 2, customerId: "c-3"),
        OrderQuery(pageSize: 2, status: .allocated, channel: .web, customerId: "c-1"),
        OrderQuery(pageSize: 1000, status: .delivered),
        OrderQuery(pageSize: 9, customerId: "nobody"),
    ]

    @Test(arguments: queries)
    func pagesMatchABruteForceFilter(_ query: OrderQuery) throws {
        let store = try Self.populated()
        let expected = store.snapshot().orders.filter { o in
            (query.status == .unspecified || o.status == query.status)
                && (query.channel == .unspecified || o.channel == query.channel)
                && (query.customerId.isEmpty || o.customer.customerId == query.customerId)
        }
        #expect(try Self.all(store, query).map(\.orderId) == expected.map(\.orderId))
    }

    @Test func pageSizeDefaultsAndCapAndLastPageToken() throws {
        let store = try Self.populated()
        let first = try store.listOrders(OrderQuery())
        #expect(first.orders.count == 50)
        #expect(!first.nextPageToken.isEmpty)
        let rest = try store.listOrders(OrderQuery(pageToken: first.nextPageToken))
        #expect(rest.orders.count == 10)
        #expect(rest.nextPageToken.isEmpty)
        let exact = try store.listOrders(OrderQuery(pageSize: 60))
        #expect(exact.orders.count == 60 && exact.nextPageToken.isEmpty)
        #expect(try store.listOrders(OrderQuery(pageSize: 5000)).orders.count == 60)
        #expect(domainError { try store.listOrders(OrderQuery(pageSize: -1)) }?.kind == .invalidArgument)
        #expect(domainError { try store.listOrders(OrderQuery(pageToken: "garbage")) }?.kind == .invalidArgument)
        #expect(domainError { try store.listOrders(OrderQuery(pageToken: "p999999")) }?.kind == .invalidArgument)
    }

    @Test func pagingVisitsEveryOrderOnceWhileOrdersAreCreated() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 1_000_000)])
        for _ in 0..<200 { _ = try store.createOrder(Fixture.order([("A", 1)])) }
        let seen = Locked<[String]>([])
        let failures = Locked(0)
        runOnThreads(5) { t in
            if t == 0 {
                var q = OrderQuery(pageSize: 7)
                while true {
                    guard let page = try? store.listOrders(q) else { failures.withLock { $0 += 1 }; return }
                    seen.withLock { $0 += page.orders.map(\.orderId) }
                    if page.nextPageToken.isEmpty { return }
                    q.pageToken = page.nextPageToken
                }
            } else {
                for _ in 0..<100 {
                    if (try? store.createOrder(Fixture.order([("A", 1)]))) == nil { failures.withLock { $0 += 1 } }
                }
            }
        }
        let ids = seen.withLock { $0 }
        #expect(failures.withLock { $0 } == 0)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        let firstTwoHundred = (1...200).map { Ids.make("o", $0) }
        #expect(Set(firstTwoHundred).isSubset(of: Set(ids)))
    }
}
