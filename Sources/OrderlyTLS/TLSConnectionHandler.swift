// TLSConnectionHandler: TLS between a connection's socket and the protocol's handler. It is the
// transport's handler for the connection and the connection's codec: ciphertext from the socket
// is decrypted and passed to the inner handler, and the inner handler's plaintext `write`s (to
// the same Connection) are collected and sealed into records once per callback, so HTTP/2 never
// knows TLS is there. The inner handler becomes active only after the handshake (with the ALPN
// protocol checked); any TLS error sends the alert OpenSSL produced and closes the connection.
import OrderlyTransport

/// Wraps a `ConnectionHandler` in TLS, for a server or a client connection.
public final class TLSConnectionHandler: ConnectionHandler, ConnectionCodec {
    private enum State {
        case idle, handshaking, established, closing, failed
    }

    private let context: TLSContext
    private let serverName: String?
    private let inner: any ConnectionHandler
    private var engine: TLSEngine?
    private var state = State.idle
    private var handshakeTimer: TimerID?
    /// Plaintext the inner handler wrote since the last seal.
    private var pending: [UInt8] = []
    /// True while one of this handler's callbacks runs: writes are sealed at its end, so they
    /// need no extra flush.
    private var inCallback = false
    /// Why the connection failed, if it did (readable in the inner handler's `connectionClosed`
    /// through `connection.codec`).
    public private(set) var failure: TLSError?

    /// A handler for one connection. `serverName` (client only) overrides the context's name
    /// for SNI and verification; without either, the peer's address is verified. Clients
    /// should prefer `connect(on:host:port:context:serverName:handler:)`, which verifies the
    /// host name and holds writes made before the connection is up.
    public init(context: TLSContext, serverName: String? = nil, wrapping inner: any ConnectionHandler) {
        self.context = context
        self.serverName = serverName
        self.inner = inner
    }

    /// Wraps a server's handler factory so that every accepted connection speaks TLS first.
    public static func serverFactory(
        context: TLSContext, wrapping makeInner: @escaping @Sendable (Connection) -> any ConnectionHandler
    ) -> @Sendable (Connection) -> any ConnectionHandler {
        { connection in TLSConnectionHandler(context: context, wrapping: makeInner(connection)) }
    }

    /// The ALPN protocol agreed on (after the handshake).
    public var negotiatedProtocol: String? { engine?.negotiatedProtocol }

    /// The negotiated TLS version, e.g. "TLSv1.3" (after the handshake).
    public var protocolVersion: String? { state == .established ? engine?.protocolVersion : nil }

    // MARK: ConnectionHandler

    public func connectionActive(_ connection: Connection) {
        connection.codec = self
        // A client always checks a name: the one given, else the address it connected to.
        let name = context.isServer ? nil : serverName ?? context.serverName ?? Self.host(ofPeer: connection.peerDescription)
        do {
            engine = try TLSEngine(context: context, serverName: name)
        } catch {
            fail(connection, error)
            return
        }
        state = .handshaking
        handshakeTimer = connection.eventLoop.scheduleTimer(after: context.handshakeTimeout) { [self] in
            handshakeTimer = nil
            if state == .handshaking { fail(connection, TLSError("TLS handshake timed out")) }
        }
        if !context.isServer {
            advanceHandshake(connection)  // the ClientHello
        }
    }

    public func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        guard let engine, state == .handshaking || state == .established else { return }
        do {
            try engine.receive(bytes)
        } catch {
            fail(connection, error)
            return
        }
        if state == .handshaking {
            advanceHandshake(connection)
        }
        if state == .established {
            deliverPlaintext(connection)
        }
        seal(connection)
    }

    public func connectionWillFlush(_ connection: Connection) {
        guard state == .established else { return }
        inCallback = true
        inner.connectionWillFlush(connection)
        inCallback = false
        seal(connection)
    }

    public func connectionShouldDrain(_ connection: Connection) {
        switch state {
        case .established:
            inCallback = true
            inner.connectionShouldDrain(connection)
            inCallback = false
            seal(connection)
        case .idle, .handshaking:
            connection.close()  // nothing to finish yet
        case .closing, .failed:
            break
        }
    }

    public func connectionClosed(_ connection: Connection) {
        if let handshakeTimer {
            connection.eventLoop.cancelTimer(handshakeTimer)
            self.handshakeTimer = nil
        }
        if state != .failed { state = .closing }
        inner.connectionClosed(connection)
        connection.codec = nil
        engine = nil
    }

    // MARK: ConnectionCodec

    public func connection(_ connection: Connection, encode bytes: UnsafeRawBufferPointer) {
        guard state == .idle || state == .handshaking || state == .established else { return }
        pending.append(contentsOf: bytes)  // before the handshake ends: held until it does
        if !inCallback && state == .established { connection.requestFlush() }
    }

    public func connectionWillClose(_ connection: Connection) {
        guard state == .established, let engine else { return }
        seal(connection)
        state = .closing
        engine.shutdown()
        sendOutput(connection)
    }

    // MARK: Steps

    private func advanceHandshake(_ connection: Connection) {
        guard let engine else { return }
        let done: Bool
        do {
            done = try engine.handshake()
        } catch {
            fail(connection, error)
            return
        }
        sendOutput(connection)
        guard done else { return }
        if let handshakeTimer {
            connection.eventLoop.cancelTimer(handshakeTimer)
            self.handshakeTimer = nil
        }
        // The server's callbacks already refuse a client without a common protocol; a client
        // must check the server's answer itself.
        if !context.applicationProtocols.isEmpty {
            guard let chosen = engine.negotiatedProtocol, context.applicationProtocols.contains(chosen) else {
                fail(connection, TLSError("the peer did not agree to ALPN \(context.applicationProtocols)"))
                return
            }
        }
        state = .established
        inCallback = true
        inner.connectionActive(connection)
        inCallback = false
        // Flush callbacks during the handshake were not passed on; give the inner handler one.
        connection.requestFlush()
    }

    /// Decrypts everything received and hands it to the inner handler.
    private func deliverPlaintext(_ connection: Connection) {
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 16) { buffer in
            while state == .established, connection.isActive, let engine {
                let result: TLSEngine.ReadResult
                do throws(TLSError) {
                    result = try engine.read(into: buffer)
                } catch {
                    fail(connection, error)
                    return
                }
                switch result {
                case .bytes(let count):
                    inCallback = true
                    inner.connection(connection, received: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                    inCallback = false
                case .needMore:
                    sendOutput(connection)  // e.g. a TLS 1.3 key update answer
                    return
                case .closed:
                    // The peer's close_notify: answer with ours (in connectionWillClose) and close.
                    seal(connection)
                    connection.close()
                    return
                }
            }
        }
    }

    /// Encrypts what the inner handler wrote and queues the records on the socket.
    private func seal(_ connection: Connection) {
        guard let engine else { return }
        if !pending.isEmpty && state == .established {
            let error: TLSError? = pending.withUnsafeBytes { bytes in
                do throws(TLSError) {
                    try engine.write(bytes)
                    return nil
                } catch {
                    return error
                }
            }
            if let error {
                pending.removeAll()
                fail(connection, error)
                return
            }
            pending.removeAll(keepingCapacity: pending.count <= 64 * 1024)
        }
        sendOutput(connection)
    }

    private func sendOutput(_ connection: Connection) {
        engine?.drainOutput { connection.writeEncoded($0) }
    }

    /// Sends OpenSSL's alert (if any) and closes. The inner handler is never activated if the
    /// handshake had not finished.
    private func fail(_ connection: Connection, _ error: TLSError) {
        guard state != .failed else { return }
        failure = error
        state = .failed
        pending.removeAll()
        sendOutput(connection)
        connection.close()
    }
}
