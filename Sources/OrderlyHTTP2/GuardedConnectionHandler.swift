// Puts the connection-level abuse limits in front of a gRPC connection: the handshake deadline
// (slowloris), idle connections, and ping floods (strikes forgiven by client call traffic and by
// the server's own HEADERS/DATA). It watches frame headers on the way in (see
// FrameScanner) and otherwise forwards every transport callback to the GRPCConnectionHandler.
import CNGHTTP2
import OrderlyRPC
import OrderlyTransport

/// A `GRPCConnectionHandler` with handshake, idle and ping-flood limits.
public final class GuardedConnectionHandler: ConnectionHandler {
    private let inner: GRPCConnectionHandler
    private let limits: ConnectionLimits
    private var scanner = FrameScanner()
    private var pings: PingPolicy
    private var handshakeTimer: TimerID?
    private var idleTimer: TimerID?
    /// Calls started since the idle timer last looked.
    private var callsSinceCheck = 0
    private var terminated = false
    private var closed = false
    /// `inner.outputActivity` when last looked at: the server sent data if it moved.
    private var seenOutput = 0

    /// Guards a connection serving `router`.
    public init(router: RPCRouter, configuration: HTTP2ServerConfiguration, limits: ConnectionLimits) {
        inner = GRPCConnectionHandler(router: router, configuration: configuration)
        self.limits = limits
        pings = limits.pingPolicy
    }

    /// The factory to give `TCPServer(configuration:makeHandler:)`.
    public static func factory(
        router: RPCRouter, configuration: HTTP2ServerConfiguration, limits: ConnectionLimits
    ) -> @Sendable (Connection) -> any ConnectionHandler {
        { _ in GuardedConnectionHandler(router: router, configuration: configuration, limits: limits) }
    }

    /// Starts the session and the handshake and idle timers.
    public func connectionActive(_ connection: Connection) {
        inner.connectionActive(connection)
        if limits.handshakeTimeout > .zero {
            handshakeTimer = connection.eventLoop.scheduleTimer(after: limits.handshakeTimeout) { [weak self] in
                guard let self, !self.closed, !self.scanner.handshakeComplete else { return }
                self.terminated = true
                connection.abort()
            }
        }
        scheduleIdleCheck(connection)
    }

    /// Notes frame headers, enforces the ping policy, then hands the bytes to nghttp2.
    public func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        guard !terminated else { return }
        // The server sent HEADERS or DATA since the last read: strikes are forgiven, as gRPC's
        // own servers do when they send data.
        let output = inner.outputActivity
        if output != seenOutput {
            seenOutput = output
            pings.activity()
        }
        var flood = false
        scanner.scan(bytes) { frame in
            switch frame.type {
            case UInt8(NGHTTP2_PING.rawValue):
                if frame.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0, !pings.pingReceived(at: .now) { flood = true }
            case UInt8(NGHTTP2_HEADERS.rawValue):
                callsSinceCheck += 1
                pings.activity()
            case UInt8(NGHTTP2_DATA.rawValue), UInt8(NGHTTP2_WINDOW_UPDATE.rawValue):
                pings.activity()
            default:
                break
            }
        }
        if let timer = handshakeTimer, scanner.handshakeComplete {
            connection.eventLoop.cancelTimer(timer)
            handshakeTimer = nil
        }
        if flood {
            terminated = true
            inner.terminate(errorCode: NGHTTP2_ENHANCE_YOUR_CALM.rawValue, debugData: "too_many_pings")
            return
        }
        inner.connection(connection, received: bytes)
    }

    /// Forwards to the session.
    public func connectionWillFlush(_ connection: Connection) {
        inner.connectionWillFlush(connection)
    }

    /// Forwards to the session (GOAWAY, close when idle).
    public func connectionShouldDrain(_ connection: Connection) {
        inner.connectionShouldDrain(connection)
    }

    /// Stops the timers and tears the session down.
    public func connectionClosed(_ connection: Connection) {
        closed = true
        if let handshakeTimer { connection.eventLoop.cancelTimer(handshakeTimer) }
        if let idleTimer { connection.eventLoop.cancelTimer(idleTimer) }
        handshakeTimer = nil
        idleTimer = nil
        inner.connectionClosed(connection)
    }

    private func scheduleIdleCheck(_ connection: Connection) {
        guard limits.idleTimeout > .zero else { return }
        idleTimer = connection.eventLoop.scheduleTimer(after: limits.idleTimeout) { [weak self] in
            guard let self, !self.closed, !self.terminated else { return }
            if self.callsSinceCheck == 0, self.inner.openStreamCount == 0 {
                self.terminated = true
                self.inner.terminate(errorCode: NGHTTP2_NO_ERROR.rawValue, debugData: "idle")
                return
            }
            self.callsSinceCheck = 0
            self.scheduleIdleCheck(connection)
        }
    }
}
