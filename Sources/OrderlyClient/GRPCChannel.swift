// GRPCChannel: the entry point of the Orderly gRPC client (HTTP/2 on libnghttp2 over our own
// epoll transport; no SwiftNIO, no Foundation networking).
//
// API shape:
//   let channel = GRPCChannel(host: "127.0.0.1", port: 50051)       // connects lazily
//   (or GRPCChannel(address: try ServerAddress(parsing: "[::1]:50051")))
//   defer { channel.close() }
//   let orders = Orderly_V1_OrderServiceClient(channel: channel)    // generated, one per service
//   let order = try await orders.createOrder(request,
//       options: CallOptions(timeout: .seconds(2), metadata: [("authorization", "Bearer t")]))
//   for try await event in orders.watchOrders(watchRequest) { … }   // AsyncThrowingStream
//   let summary = try await inventory.importStock(rows)             // Sequence or AsyncSequence
//   for try await reply in testService.fullDuplexCall(requestStream) { … }   // bidi
//   Errors are thrown as `RPCError` (code: StatusCode, message, trailers).
// Generic forms (GRPCChannel+Calls.swift): `unary`, `serverStreaming`, `clientStreaming`,
// `bidirectionalStreaming` by method path, returning `ClientResponse` with metadata for unary
// ones; `serverStreamingWithMetadata` / `bidirectionalStreamingWithMetadata` yield
// `StreamingCallPart` (.headers, .message, .trailers). The callback form for load tools runs
// its completion on the channel's loop thread with no Task:
// `channel.unary(path:request:options:) { (result: Result<Resp, RPCError>) in … }`.
//
// One channel = one HTTP/2 connection at a time carrying every concurrent call. It is opened by
// the first call, and after it drops (server restart) or the server sends GOAWAY the next call
// opens a new one; calls in flight on a lost connection fail with UNAVAILABLE.
import Dispatch
import OrderlyRPC
import OrderlyTransport

/// A gRPC channel to one server. Safe to use from any thread and from many tasks at once.
public final class GRPCChannel: Sendable {
    /// The server's host (name or literal address).
    public let host: String
    /// The server's port.
    public let port: Int
    /// The loop that runs this channel's connection and the callback-form completions.
    public let eventLoop: EventLoop
    let core: ChannelCore
    private let ownedGroup: EventLoopGroup?

    /// A channel with its own event loop thread (stopped by `close()`).
    public init(host: String, port: Int, configuration: ChannelConfiguration = ChannelConfiguration()) {
        let group = EventLoopGroup(threads: 1)
        self.host = host
        self.port = port
        self.eventLoop = group.loops[0]
        self.ownedGroup = group
        core = ChannelCore(loop: eventLoop, host: host, port: port, configuration: configuration)
    }

    /// A channel on an existing loop (e.g. one of a shared `EventLoopGroup`), which the caller
    /// keeps running and shuts down.
    public init(host: String, port: Int, eventLoop: EventLoop,
                configuration: ChannelConfiguration = ChannelConfiguration()) {
        self.host = host
        self.port = port
        self.eventLoop = eventLoop
        self.ownedGroup = nil
        core = ChannelCore(loop: eventLoop, host: host, port: port, configuration: configuration)
    }

    deinit {
        // A forgotten close() must not leave the channel's own thread running; from that very
        // thread it cannot be joined, so it is left to process exit then.
        if let ownedGroup, !eventLoop.inEventLoop { ownedGroup.shutdown() }
    }

    /// Closes the connection (calls in flight fail with UNAVAILABLE), fails later calls, and
    /// stops the channel's own loop thread if it has one. Must not be called on that loop.
    public func close() {
        let core = self.core
        core.closedForCalls.store(true, ordering: .releasing)
        if eventLoop.inEventLoop {
            core.close()
        } else {
            let done = DispatchSemaphore(value: 0)
            eventLoop.execute {
                core.close()
                done.signal()
            }
            done.wait()
        }
        ownedGroup?.shutdown()
    }

    // MARK: Callback form (no Task; the completion runs on `eventLoop`)

    /// Starts a unary call; `completion` runs once on the loop thread with the response or the
    /// error. Cheapest form: called on the loop thread (e.g. from a previous completion) it
    /// makes no thread hop.
    public func unary<Request: RPCMessage, Response: RPCMessage>(
        path: String, request: Request, responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions(),
        completion: @escaping @Sendable (Result<Response, RPCError>) -> Void
    ) {
        unary(path: path, framedRequest: MessageFramer.frame(request), responseType: responseType,
              options: options, completion: completion)
    }

    /// Same as `unary(path:request:…)` with the request already framed (5-byte gRPC header and
    /// serialized message, see `MessageFramer`), so load generators can build it once.
    public func unary<Response: RPCMessage>(
        path: String, framedRequest: [UInt8], responseType: Response.Type = Response.self,
        options: CallOptions = CallOptions(),
        completion: @escaping @Sendable (Result<Response, RPCError>) -> Void
    ) {
        let core = self.core
        let framedRequest = options.compression.prepare(framedRequest)
        if core.closedForCalls.load(ordering: .acquiring) {
            completion(.failure(ChannelCore.closedError))
        } else if eventLoop.inEventLoop {
            Self.startUnary(core: core, path: path, framed: framedRequest, options: options, completion: completion)
        } else {
            eventLoop.execute {
                Self.startUnary(core: core, path: path, framed: framedRequest, options: options, completion: completion)
            }
        }
    }

    private static func startUnary<Response: RPCMessage>(
        core: ChannelCore, path: String, framed: [UInt8], options: CallOptions,
        completion: @escaping @Sendable (Result<Response, RPCError>) -> Void
    ) {
        let observer = UnaryResponseObserver<Response>(messageCompletion: completion)
        let stream = ClientStream(loop: core.loop, observer: observer, maxMessageSize: options.maxReceiveMessageSize)
        stream.setRequest(framed, end: true)
        core.start(stream, path: path, options: options)
    }
}
