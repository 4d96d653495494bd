// Plugs the HTTP/2 session into the transport: one handler per accepted connection, forwarding
// the transport's callbacks to an HTTP2ServerSession. Also makes the transport's Connection and
// EventLoop usable through the HTTP/2 layer's own small protocols.
import OrderlyRPC
import OrderlyTransport

/// The transport-facing handler of one gRPC-over-h2c connection.
public final class GRPCConnectionHandler: ConnectionHandler {
    private let router: RPCRouter
    private let configuration: HTTP2ServerConfiguration
    /// Created when the connection becomes active; dropped when it closes (breaking the
    /// connection → handler → session → connection cycle).
    private var session: HTTP2ServerSession?

    /// Creates a handler serving `router`.
    public init(router: RPCRouter, configuration: HTTP2ServerConfiguration = HTTP2ServerConfiguration()) {
        self.router = router
        self.configuration = configuration
    }

    /// The factory to give `TCPServer(configuration:makeHandler:)`.
    public static func factory(
        router: RPCRouter, configuration: HTTP2ServerConfiguration = HTTP2ServerConfiguration()
    ) -> @Sendable (Connection) -> any ConnectionHandler {
        { _ in GRPCConnectionHandler(router: router, configuration: configuration) }
    }

    /// Starts the HTTP/2 session (queues the server SETTINGS).
    public func connectionActive(_ connection: Connection) {
        let session = HTTP2ServerSession(io: connection, router: router, configuration: configuration)
        self.session = session
        session.start()
    }

    /// Feeds received bytes to nghttp2.
    public func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        session?.receive(bytes)
    }

    /// Writes what nghttp2 has queued.
    public func connectionWillFlush(_ connection: Connection) {
        session?.flush()
    }

    /// Sends GOAWAY; the session closes the connection once its streams are done.
    public func connectionShouldDrain(_ connection: Connection) {
        session?.drain()
    }

    /// Cancels every open call and frees the nghttp2 session.
    public func connectionClosed(_ connection: Connection) {
        session?.connectionClosed()
        session = nil
    }

    /// Open streams on this connection (0 before the session starts and after it ends).
    public var openStreamCount: Int { session?.openStreamCount ?? 0 }

    /// Counts the server's HEADERS and DATA queued so far (the guard forgives ping strikes when
    /// it changes).
    public var outputActivity: Int { session?.outputActivity ?? 0 }

    /// Sends GOAWAY with `errorCode` and `debugData` and closes the connection.
    public func terminate(errorCode: UInt32, debugData: String) {
        session?.terminate(errorCode: errorCode, debugData: debugData)
    }
}

extension Connection: HTTP2ConnectionIO {
    /// The owning loop, as the HTTP/2 layer sees it.
    public var http2EventLoop: any HTTP2EventLoop { eventLoop }
}

extension EventLoop: HTTP2EventLoop {
    /// Schedules a call deadline on the loop's timer heap.
    public func scheduleDeadline(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any Sendable {
        scheduleTimer(after: delay, body)
    }

    /// Cancels a deadline scheduled by `scheduleDeadline`.
    public func cancelDeadline(_ token: any Sendable) {
        if let id = token as? TimerID {
            cancelTimer(id)
        }
    }
}
