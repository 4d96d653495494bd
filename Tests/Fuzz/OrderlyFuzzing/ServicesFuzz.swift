// ServicesFuzz: arbitrary bytes as requests to every unary orderly.v1 method, in sequence against
// one fresh in-memory store. Each request goes the production way: protobuf-c decode, the
// services' mapping to a domain command, domain validation, the store. Must never crash, and
// every call must end with exactly one status that blames the client or the state, never the
// server (UNKNOWN/INTERNAL would mean an error escaped the mapping).
import OrderlyDomain
import OrderlyLocks
import OrderlyMessages
import OrderlyRPC
import OrderlyServices

/// The services fuzz target. Input layout: up to 40 records of a method byte (index into the
/// unary routes, modulo their count), a 2-byte big-endian length, and that many request bytes.
public enum ServicesFuzz {
    static let maxCalls = 40

    /// The unary orderly.v1 routes, in registration order (a seed names its method by index).
    static let routes: [RPCRoute] = {
        let router = RPCRouter(services: OrderlyServiceSet.make(store: OrderStore()))
        return router.allRoutes.filter { $0.kind == .unary && $0.path.hasPrefix("/orderly.v1.") }
    }()

    /// Checks one input.
    public static func check(_ input: UnsafeRawBufferPointer) throws {
        let store = OrderStore(clock: ManualClock())
        let router = RPCRouter(services: OrderlyServiceSet.make(store: store))
        var rest = input[...]
        var calls = 0
        while rest.count >= 3, calls < maxCalls {
            let index = Int(rest[rest.startIndex]) % routes.count
            let length = min(Int(rest[rest.startIndex + 1]) << 8 | Int(rest[rest.startIndex + 2]), rest.count - 3)
            let payload = UnsafeRawBufferPointer(rebasing: rest[(rest.startIndex + 3)..<(rest.startIndex + 3 + length)])
            rest = rest[(rest.startIndex + 3 + length)...]
            calls += 1
            guard let route = router.route(forPath: routes[index].path) else {
                throw FuzzViolation("route \(routes[index].path) vanished")
            }
            let sink = RecordingSink()
            let context = ServerContext(
                path: route.path, requestMetadata: Metadata(), deadline: nil, peer: "fuzz",
                maxPendingResponseBytes: 1 << 20)
            let handler = route.makeCall(context, sink)
            handler.receive(message: payload)
            handler.receiveEnd()
            try sink.verify(route.path)
        }
    }

    /// Seeds: a plausible session (a warehouse with stock, an order against it, reads, a cancel)
    /// and one valid request per common method.
    public static func seeds() -> [(name: String, bytes: [UInt8])] {
        var site = Orderly_V1_Location(locationID: "wh-1", kind: .warehouse)
        site.address = Orderly_V1_Address(country: "US", latitude: 40.7, longitude: -74)
        let order = Orderly_V1_CreateOrderRequest(
            channel: .web, customer: Orderly_V1_Customer(customerID: "c-1"),
            lines: [Orderly_V1_OrderLineInput(sku: "sku-1", quantity: 2, unitPriceMinor: 250)],
            currency: "USD", shippingAddress: Orderly_V1_Address(country: "US", latitude: 40.71, longitude: -74.0),
            shippingMethod: .standard)
        let stock = Orderly_V1_SetStockRequest(locationID: "wh-1", sku: "sku-1", onHand: 10)
        let negative = Orderly_V1_SetStockRequest(locationID: "x", sku: "y", onHand: -1)
        let session = record("InventoryService/UpsertLocation", site)
            + record("InventoryService/SetStock", stock)
            + record("OrderService/CreateOrder", order)
            + record("OrderService/ListOrders", Orderly_V1_ListOrdersRequest(pageSize: 10))
            + record("OrderService/PlanRouting", order)
        return [
            ("session", session),
            ("create-order", record("OrderService/CreateOrder", order)),
            ("set-stock", record("InventoryService/SetStock", negative)),
            ("empty-requests", routes.indices.flatMap { [UInt8($0), 0, 0] }),
        ]
    }

    /// One input record calling `method` ("Service/Method" under orderly.v1) with `message`.
    static func record(_ method: String, _ message: some RPCMessage) -> [UInt8] {
        let index = routes.firstIndex { $0.path == "/orderly.v1.\(method)" } ?? 0
        let bytes = message.serializedBytes()
        return [UInt8(index), UInt8(truncatingIfNeeded: bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)]
            + bytes
    }
}

/// Records one call's outcome. The services' unary calls answer synchronously with an
/// ImmediateCommit gate, so the outcome is complete when `receiveEnd` returns.
private final class RecordingSink: ServerCallSink {
    private struct State {
        var messages = 0
        var statuses: [(StatusCode, String)] = []
    }
    private let state = Locked(State())

    func send(framedMessage: [UInt8]) { state.withLock { $0.messages += 1 } }
    func finish(code: StatusCode, message: String) { state.withLock { $0.statuses.append((code, message)) } }
    var pendingOutboundBytes: Int { 0 }

    /// One status, a response exactly when it is OK, and never a server-side failure.
    func verify(_ path: String) throws {
        let (messages, statuses) = state.withLock { ($0.messages, $0.statuses) }
        guard statuses.count == 1, let (code, text) = statuses.first else {
            throw FuzzViolation("\(path): \(statuses.count) statuses")
        }
        guard messages == (code == .ok ? 1 : 0) else {
            throw FuzzViolation("\(path): \(messages) responses with status \(code)")
        }
        guard code != .unknown, code != .internalError else {
            throw FuzzViolation("\(path): server-side status \(code) \(text)")
        }
    }
}
