// The scenarios of CLI.md: what one call of each is, prepared once (fixtures on the server,
// request bytes framed ahead) so the per-call path is a callback-form unary call on the loop.
import OrderlyClient
import OrderlyMessages
import OrderlyRPC

/// One kind of load.
protocol LoadScenario: Sendable {
    /// Starts one call on `channel` from its loop thread; when it ends, the scenario reports it
    /// with `worker.completed(code, intended: intended)` (on that loop).
    func issue(on channel: GRPCChannel, worker: LoadWorker, intended: UInt64)
}

/// The status of a finished call.
@inline(__always)
func statusCode<Value>(_ result: Result<Value, RPCError>) -> StatusCode {
    switch result {
    case .success: .ok
    case .failure(let error): error.code
    }
}

/// `grpc.health.v1.Health/Check` with one preframed request.
struct HealthScenario: LoadScenario {
    let framed = MessageFramer.frame(Grpc_Health_V1_HealthCheckRequest())
    let options: CallOptions

    func issue(on channel: GRPCChannel, worker: LoadWorker, intended: UInt64) {
        channel.unary(path: Grpc_Health_V1_HealthClient.Methods.check, framedRequest: framed,
                      responseType: Grpc_Health_V1_HealthCheckResponse.self, options: options) { worker.completed(statusCode($0), intended: intended) }
    }
}

/// A per-worker counter. Thread ownership: each instance is only touched on its worker's loop
/// thread, hence `@unchecked Sendable`.
final class WorkerCounter: @unchecked Sendable {
    var value: Int

    init(_ value: Int = 0) {
        self.value = value
    }

    /// The current value, then one more.
    @inline(__always)
    func next() -> Int {
        defer { value &+= 1 }
        return value
    }
}

/// `GetOrder` over orders created during setup, round robin, each request preframed.
struct GetOrderScenario: LoadScenario {
    private let framed: [[UInt8]]
    private let options: CallOptions
    private let cursors: [WorkerCounter]

    init(orderIDs: [String], workers: Int, options: CallOptions) {
        framed = orderIDs.map { id in
            var request = Orderly_V1_GetOrderRequest()
            request.orderID = id
            return MessageFramer.frame(request)
        }
        cursors = (0..<workers).map { WorkerCounter($0 * 7) }
        self.options = options
    }

    func issue(on channel: GRPCChannel, worker: LoadWorker, intended: UInt64) {
        let index = cursors[worker.index].next() % framed.count
        channel.unary(path: Orderly_V1_OrderServiceClient.Methods.getOrder, framedRequest: framed[index],
                      responseType: Orderly_V1_Order.self, options: options) { worker.completed(statusCode($0), intended: intended) }
    }
}

/// `CreateOrder` with a fresh request id per call against plentiful stock.
struct CreateOrderScenario: LoadScenario {
    private let template: Orderly_V1_CreateOrderRequest
    private let skus: [String]
    private let run: String
    private let options: CallOptions
    private let sequences: [WorkerCounter]

    init(fixture: LoadFixture, workers: Int, options: CallOptions) {
        template = fixture.orderTemplate
        skus = fixture.skus
        run = fixture.run
        sequences = (0..<workers).map { _ in WorkerCounter() }
        self.options = options
    }

    func issue(on channel: GRPCChannel, worker: LoadWorker, intended: UInt64) {
        let sequence = sequences[worker.index].next()
        var request = template
        request.requestID = "\(run)-c\(worker.index)-\(sequence)"
        request.channelOrderRef = request.requestID
        request.lines[0].sku = skus[(sequence &+ worker.index) % skus.count]
        channel.unary(path: Orderly_V1_OrderServiceClient.Methods.createOrder, request: request,
                      responseType: Orderly_V1_Order.self, options: options) { worker.completed(statusCode($0), intended: intended) }
    }
}
