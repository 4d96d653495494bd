// EventLoop+IO: what a loop does with its sockets: accept, read with a bounded budget, the flush
// phase (connectionWillFlush, then one send per connection), back-pressure, lingering close and
// teardown. Everything here runs on the loop thread.
import CTransportShims
import Glibc

/// A listening socket served by one loop, and how to make a handler for each new connection.
struct Listener: Sendable {
    let fd: FileDescriptor
    let makeHandler: @Sendable (Connection) -> any ConnectionHandler
    let budget: ConnectionBudget
}

extension EventLoop {
    private static let readable = EPOLLIN.rawValue
    private static let writable = EPOLLOUT.rawValue
    private static let failed = EPOLLERR.rawValue | EPOLLHUP.rawValue

    /// Opens a client connection to `host:port` on this loop (loop thread only; the host name
    /// may be resolved with a blocking lookup unless it is a literal address). Writes before the
    /// connection is up are buffered. The handler's `connectionActive` follows in a later loop
    /// turn, never inside this call; if connecting fails, `connectionClosed` follows instead.
    /// Throws for errors known at once (bad address, no descriptors, immediate refusal).
    public func connect(host: String, port: Int, handler: any ConnectionHandler) throws -> Connection {
        assert(inEventLoop, "EventLoop.connect must be called on the loop thread")
        let address = try SocketAddress(host: host, port: port)
        let fd = try Syscall.tcpSocket(family: address.family)
        do {
            try Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
            // Connected or in progress, the socket turns writable once it is up; finishing in
            // the readiness handler keeps connectionActive out of this call.
            _ = try Syscall.connect(fd, to: address)
        } catch {
            Syscall.close(fd)
            throw error
        }
        return try register(fd, peer: address.description, state: .connecting, handler: handler)
    }

    /// Adds a socket to epoll and to the connection table.
    private func register(
        _ fd: FileDescriptor, peer: String, state: Connection.State, handler: (any ConnectionHandler)?
    ) throws(TransportError) -> Connection {
        let index = Int(fd.rawValue)
        let key = UInt64(nextGeneration) << 32 | UInt64(UInt32(bitPattern: fd.rawValue))
        nextGeneration = nextGeneration == UInt32.max - 1 ? 1 : nextGeneration + 1
        let interest = state == .connecting ? Self.writable : Self.readable
        do {
            try Syscall.epollControl(epollFD, EPOLL_CTL_ADD, fd, events: interest, data: key)
        } catch {
            Syscall.close(fd)
            throw error
        }
        let connection = Connection(eventLoop: self, fd: fd, key: key, peer: peer, state: state, interest: interest)
        connection.handler = handler
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(index + 1 - connections.count, 64)))
        }
        connections[index] = connection
        connectionCount += 1
        return connection
    }

    // MARK: Listening

    /// Starts watching the listener (loop thread; also used to resume after EMFILE).
    func watchListener() {
        guard let listener else { return }
        try? Syscall.epollControl(epollFD, EPOLL_CTL_ADD, listener.fd, events: Self.readable, data: Self.listenerKey)
    }

    /// Accepts waiting connections, a bounded number per turn.
    func acceptConnections() {
        guard let listener else { return }
        for _ in 0..<64 {
            let accepted: (FileDescriptor, SocketAddress)?
            do {
                accepted = try Syscall.accept(listener.fd)
            } catch let error {
                if error.errno == EMFILE || error.errno == ENFILE || error.errno == ENOBUFS || error.errno == ENOMEM {
                    // Out of descriptors: the pending connection stays readable, so stop
                    // watching for a moment instead of spinning.
                    try? Syscall.epollControl(epollFD, EPOLL_CTL_DEL, listener.fd, events: 0, data: 0)
                    scheduleTimer(after: .milliseconds(100)) { [self] in if !draining { watchListener() } }
                }
                // ECONNABORTED and friends concern one connection only.
                return
            }
            guard let (fd, peer) = accepted else { return }
            guard listener.budget.acquire() else {
                Syscall.close(fd)
                continue
            }
            try? Syscall.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
            guard let connection = try? register(fd, peer: peer.description, state: .active, handler: nil) else {
                listener.budget.release()
                continue
            }
            connection.budget = listener.budget
            let handler = listener.makeHandler(connection)
            connection.handler = handler
            handler.connectionActive(connection)
            if draining && connection.state == .active { handler.connectionShouldDrain(connection) }
        }
    }

    // MARK: Readiness

    func handle(_ connection: Connection, events: UInt32) {
        if connection.state == .connecting {
            finishConnecting(connection)
            return
        }
        if events & Self.writable != 0 {
            connection.awaitingWritable = false
            sendOutbound(connection)
            afterSend(connection)
        }
        guard connection.state != .closed else { return }
        // A readiness report from before back-pressure began must not bypass the pause.
        let mayRead = connection.state != .active || !connection.backPressured
        if events & Self.readable != 0 && mayRead {
            readAvailable(connection)
        } else if events & Self.failed != 0 {
            // Error or hang-up while not reading (back-pressure): the peer is gone.
            tearDown(connection)
        }
    }

    private func finishConnecting(_ connection: Connection) {
        let error = (try? Syscall.pendingError(connection.fd)) ?? ECONNREFUSED
        guard error == 0 else {
            tearDown(connection)
            return
        }
        connection.state = .active
        updateInterest(connection)
        connection.handler?.connectionActive(connection)
        queueForFlush(connection)
    }

    private func readAvailable(_ connection: Connection) {
        for _ in 0..<configuration.maxReadsPerEvent {
            let result: IOResult
            do {
                result = try Syscall.read(connection.fd, into: readBuffer)
            } catch {
                tearDown(connection)
                return
            }
            guard case .processed(let count) = result else { return }
            if count == 0 {
                peerClosed(connection)
                return
            }
            switch connection.state {
            case .active:
                connection.handler?.connection(connection, received: UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
                if connection.state == .active { connection.wantsFlushCallback = true }
                queueForFlush(connection)
                // The handler may have closed it or filled the output past the high-water mark.
                guard connection.state == .active, !connection.backPressured else { return }
            case .closing, .lingering:
                break  // input after close() is discarded
            case .connecting, .closed:
                return
            }
            if count < readBuffer.count { return }
        }
    }

    /// End of stream from the peer: send what is buffered, then close.
    private func peerClosed(_ connection: Connection) {
        connection.readEOF = true
        switch connection.state {
        case .active, .closing:
            if connection.state == .active {
                connection.state = .closing
                armCloseTimer(connection, after: configuration.closeTimeoutNanoseconds)
            }
            connection.wantsFlushCallback = false
            updateInterest(connection)
            queueForFlush(connection)
        case .lingering, .connecting, .closed:
            tearDown(connection)
        }
    }

    // MARK: Flushing

    /// Puts a connection in this turn's flush list (once).
    func queueForFlush(_ connection: Connection) {
        guard !connection.isQueuedForFlush else { return }
        connection.isQueuedForFlush = true
        flushQueue.append(connection)
    }

    /// For every queued connection: connectionWillFlush if due, then one send. Repeats while
    /// handlers queue more work (e.g. back-pressure eased and a handler produced more output),
    /// but only for a few rounds: a peer that reads as fast as a handler produces must not keep
    /// the loop from its other connections and timers. What is left waits for the next turn.
    func runFlushPhase() {
        var rounds = 0
        while !flushQueue.isEmpty && rounds < 8 {
            rounds += 1
            swap(&flushQueue, &flushBatch)
            for connection in flushBatch {
                connection.isQueuedForFlush = false
                flush(connection)
            }
            flushBatch.removeAll(keepingCapacity: true)
        }
        if draining && connectionCount == 0, let onIdle {
            self.onIdle = nil
            onIdle()
        }
    }

    private func flush(_ connection: Connection) {
        if connection.state == .active && connection.wantsFlushCallback {
            connection.wantsFlushCallback = false
            connection.handler?.connectionWillFlush(connection)
        }
        switch connection.state {
        case .closed:
            notifyClosed(connection)
            return
        case .connecting, .lingering:
            return
        case .active, .closing:
            break
        }
        if !connection.awaitingWritable && !connection.outbound.isEmpty {
            sendOutbound(connection)
        }
        afterSend(connection)
    }

    /// One send of everything buffered; the rest waits for EPOLLOUT.
    private func sendOutbound(_ connection: Connection) {
        guard connection.state == .active || connection.state == .closing, !connection.outbound.isEmpty else {
            return
        }
        let pending = connection.outbound.readable
        do {
            switch try Syscall.send(connection.fd, pending) {
            case .processed(let sent):
                connection.outbound.consume(sent)
                connection.awaitingWritable = sent < pending.count
            case .wouldBlock:
                connection.awaitingWritable = true
            }
        } catch {
            tearDown(connection)
        }
    }

    /// Back-pressure transitions, lingering close, and epoll interest after a send.
    private func afterSend(_ connection: Connection) {
        guard connection.state != .closed else {
            queueForFlush(connection)
            return
        }
        let buffered = connection.outbound.count
        if connection.backPressured && buffered <= configuration.outboundLowWater {
            connection.backPressured = false
            if connection.state == .active {
                connection.wantsFlushCallback = true
                queueForFlush(connection)
            }
        } else if !connection.backPressured && buffered > configuration.outboundHighWater {
            connection.backPressured = true
        }
        if connection.state == .closing && buffered == 0 {
            beginLingering(connection)
            return
        }
        updateInterest(connection)
    }

    /// Output is all sent after close(): shut down our side and wait briefly for the peer's end.
    private func beginLingering(_ connection: Connection) {
        guard !connection.readEOF, (try? Syscall.shutdownWrite(connection.fd)) != nil else {
            tearDown(connection)
            return
        }
        connection.state = .lingering
        armCloseTimer(connection, after: configuration.lingerNanoseconds)
        updateInterest(connection)
    }

    /// (Re)arms the timer that resets a closing connection which does not finish in time.
    func armCloseTimer(_ connection: Connection, after nanoseconds: UInt64) {
        if let timer = connection.closeTimer { cancelTimer(timer) }
        connection.closeTimer = scheduleTimer(after: .nanoseconds(Int64(clamping: nanoseconds))) { [self] in
            connection.closeTimer = nil
            tearDown(connection)
        }
    }

    /// Registers exactly the events the connection's state calls for.
    func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        switch connection.state {
        case .connecting:
            wanted = Self.writable
        case .active:
            if !connection.backPressured && !connection.readEOF { wanted |= Self.readable }
            if connection.awaitingWritable { wanted |= Self.writable }
        case .closing:
            if !connection.readEOF { wanted |= Self.readable }
            if connection.awaitingWritable { wanted |= Self.writable }
        case .lingering:
            wanted = Self.readable
        case .closed:
            return
        }
        guard wanted != connection.interest else { return }
        do {
            try Syscall.epollControl(epollFD, EPOLL_CTL_MOD, connection.fd, events: wanted, data: connection.key)
            connection.interest = wanted
        } catch {
            tearDown(connection)
        }
    }

    // MARK: Closing

    /// Closes the socket now and queues `connectionClosed` for the flush phase, so a handler
    /// that aborts from inside a callback is never re-entered.
    func tearDown(_ connection: Connection) {
        guard connection.state != .closed else { return }
        connection.state = .closed
        if let timer = connection.closeTimer {
            cancelTimer(timer)
            connection.closeTimer = nil
        }
        try? Syscall.epollControl(epollFD, EPOLL_CTL_DEL, connection.fd, events: 0, data: 0)
        Syscall.close(connection.fd)
        let index = Int(connection.fd.rawValue)
        if index < connections.count, connections[index] === connection {
            connections[index] = nil
        }
        connection.outbound.release()
        connection.backPressured = false
        connectionCount -= 1
        connection.budget?.release()
        connection.budget = nil
        queueForFlush(connection)
    }

    private func notifyClosed(_ connection: Connection) {
        guard !connection.closeNotified else { return }
        connection.closeNotified = true
        let handler = connection.handler
        connection.handler = nil
        handler?.connectionClosed(connection)
    }

    // MARK: Draining

    /// Stops accepting and asks every connection to drain; `onIdle` runs once none is left.
    func beginDrain(onIdle: @escaping @Sendable () -> Void) {
        draining = true
        if let listener {
            try? Syscall.epollControl(epollFD, EPOLL_CTL_DEL, listener.fd, events: 0, data: 0)
            Syscall.close(listener.fd)
            self.listener = nil
        }
        for case let connection? in connections where connection.state == .active {
            connection.handler?.connectionShouldDrain(connection)
        }
        if connectionCount == 0 {
            onIdle()
        } else {
            self.onIdle = onIdle
        }
    }
}
