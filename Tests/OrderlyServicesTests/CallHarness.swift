// Calls services through RPCRouter without sockets: a recording sink stands in for the HTTP/2
// stream, so a test sees exactly the messages and status a client would.
import OrderlyDomain
import OrderlyLocks
import OrderlyMessages
import OrderlyRPC
@testable import OrderlyServices
import Testing

/// Records what a call sends; thread-safe like a real sink must be. Nothing is ever "sent", so
/// `pendingOutboundBytes` grows with every message (a client that does not read).
final class RecordingSink: ServerCallSink {
    private struct State {
        var messages: [[UInt8]] = []
        var status: (StatusCode, String)?
        var pending = 0
    }
    private let state = Locked(State())

    func send(framedMessage: [UInt8]) {
        state.withLock {
            guard $0.status == nil else { return }
            $0.messages.append(Array(framedMessage.dropFirst(5)))
            $0.pending += framedMessage.count
        }
    }

    func finish(code: StatusCode, message: String) {
        state.withLock { state in
            if state.status == nil { state.status = (code, message) }
        }
    }

    var pendingOutboundBytes: Int { state.withLock { $0.pending } }

    /// The client read everything queued so far.
    func drain() { state.withLock { $0.pending = 0 } }
    var messages: [[UInt8]] { state.withLock { $0.messages } }
    var code: StatusCode? { state.withLock { $0.status?.0 } }
    var statusMessage: String { state.withLock { $0.status?.1 ?? "" } }

    /// Waits (without blocking a cooperative thread) until `condition` holds, up to five seconds.
    func wait(until condition: () -> Bool) async {
        for _ in 0..<500 where !condition() {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// One call in flight.
struct Call {
    let sink: RecordingSink
    let context: ServerContext
    let handler: any ServerCallHandler

    func send<M: RPCMessage>(_ message: M) {
        message.serializedBytes().withUnsafeBytes { handler.receive(message: $0) }
    }

    /// The responses decoded as `M`.
    func responses<M: RPCMessage>(_: M.Type) throws -> [M] {
        try sink.messages.map { try M(serializedBytes: $0) }
    }
}

/// A router with every orderly.v1 service over a fresh store.
struct Server {
    let store: OrderStore
    let router: RPCRouter

    init(
        gate: any CommitGate = ImmediateCommit(), configuration: OrderStore.Configuration = .init(),
        baseCurrency: String = ReportingService.defaultBaseCurrency
    ) {
        store = OrderStore(clock: ManualClock(), configuration: configuration)
        router = RPCRouter(services: OrderlyServiceSet.make(store: store, gate: gate, baseCurrency: baseCurrency))
    }

    /// Starts a call of `method` ("Service/Method" under orderly.v1) without sending anything.
    func open(_ method: String, maxPendingResponseBytes: Int = 4 << 20) throws -> Call {
        let path = "/orderly.v1.\(method)"
        let route = try #require(router.route(forPath: path), "no route \(path)")
        let context = ServerContext(
            path: path, requestMetadata: Metadata(), deadline: nil, peer: "test",
            maxPendingResponseBytes: maxPendingResponseBytes)
        let sink = RecordingSink()
        return Call(sink: sink, context: context, handler: route.makeCall(context, sink))
    }

    /// Sends one request and half-closes.
    func start<M: RPCMessage>(_ method: String, _ request: M, maxPendingResponseBytes: Int = 4 << 20) throws -> Call {
        let call = try open(method, maxPendingResponseBytes: maxPendingResponseBytes)
        call.send(request)
        call.handler.receiveEnd()
        return call
    }

    /// A unary call answered synchronously (ImmediateCommit): its status and response.
    func unary<Q: RPCMessage, R: RPCMessage>(
        _ method: String, _ request: Q, as _: R.Type
    ) throws -> (code: StatusCode?, message: String, response: R?) {
        let call = try start(method, request)
        return (call.sink.code, call.sink.statusMessage, try call.responses(R.self).first)
    }

    /// A warehouse at `location` holding `onHand` of `sku`.
    func stock(_ sku: String, at location: String, onHand: Int64, latitude: Double = 40.7, longitude: Double = -74) throws {
        var site = Orderly_V1_Location(locationID: location, kind: .warehouse)
        site.address = Orderly_V1_Address(country: "US", latitude: latitude, longitude: longitude)
        #expect(try unary("InventoryService/UpsertLocation", site, as: Orderly_V1_Location.self).code == .ok)
        let set = Orderly_V1_SetStockRequest(locationID: location, sku: sku, onHand: onHand)
        #expect(try unary("InventoryService/SetStock", set, as: Orderly_V1_StockLevel.self).code == .ok)
    }

    /// A valid web order for `lines` [(sku, quantity)] shipped to New York.
    static func orderRequest(_ lines: [(String, Int32)], customer: String = "c-1") -> Orderly_V1_CreateOrderRequest {
        Orderly_V1_CreateOrderRequest(
            channel: .web, customer: Orderly_V1_Customer(customerID: customer),
            lines: lines.map { Orderly_V1_OrderLineInput(sku: $0.0, quantity: $0.1, unitPriceMinor: 250) },
            currency: "USD", shippingAddress: Orderly_V1_Address(country: "US", latitude: 40.71, longitude: -74.0),
            shippingMethod: .standard)
    }
}
