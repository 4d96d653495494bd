// TCPServer: N event loops, each with its own SO_REUSEPORT listening socket on the same port, so
// the kernel spreads new connections across loops without an acceptor thread. A port that some
// other socket already listens on is refused first (EADDRINUSE), so no second process joins. Start, graceful
// shutdown (drain, then abort after the grace period), and waiting for the end.
import Glibc
import OrderlyLocks

/// A TCP server whose connections are served by per-core event loops.
///
/// Thread ownership: the mutable lifecycle state (`phase`, loops, threads) lives in a
/// `Locked`; everything else is immutable, so the compiler checks `Sendable` here.
public final class TCPServer: Sendable {
    private enum Phase {
        case idle, running, stopping, stopped
    }

    private struct State {
        var phase = Phase.idle
        var loops: [EventLoop] = []
        var threads: [LoopThread] = []
    }

    /// The configuration the server was created with.
    public let configuration: ServerConfiguration
    private let makeHandler: @Sendable (Connection) -> any ConnectionHandler
    private let state = Locked(State())
    private let stopped = CountdownLatch(count: 1)
    /// Open connections across every loop, against maxConnections.
    private let connectionBudget: ConnectionBudget

    /// Connections currently open (the orderly_connections metric).
    public var openConnectionCount: Int { connectionBudget.current }

    /// Creates a server; `makeHandler` is called on the owning loop for every accepted connection.
    public init(
        configuration: ServerConfiguration,
        makeHandler: @escaping @Sendable (Connection) -> any ConnectionHandler
    ) {
        self.configuration = configuration
        self.makeHandler = makeHandler
        connectionBudget = ConnectionBudget(limit: max(1, configuration.maxConnections))
    }

    /// Binds, starts the loop threads and returns the bound port (useful with port 0).
    public func start() throws -> Int {
        try state.withLock { (state) throws(TransportError) -> Int in
            guard state.phase == .idle else { throw TransportError(errno: EALREADY, syscall: "TCPServer.start") }
            let (loops, port) = try makeLoops()
            var threads: [LoopThread] = []
            do throws(TransportError) {
                for loop in loops {
                    loop.watchListener()
                    threads.append(try loop.start())
                }
            } catch {
                for loop in loops { loop.execute { loop.stop() } }
                for thread in threads { thread.join() }
                throw error
            }
            state = State(phase: .running, loops: loops, threads: threads)
            return port
        }
    }

    /// One loop per thread, each owning a listener bound to the same port.
    private func makeLoops() throws(TransportError) -> ([EventLoop], Int) {
        var address = try SocketAddress(host: configuration.host, port: configuration.port)
        if configuration.port != 0 { try Self.checkNobodyListens(on: address) }
        let budget = connectionBudget
        var loops: [EventLoop] = []
        for index in 0..<max(1, configuration.threads) {
            let loop = try EventLoop(name: "orderly-loop-\(index)", configuration: configuration.loopConfiguration)
            let fd = try Syscall.tcpSocket(family: address.family)
            do {
                try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
                try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEPORT, value: 1)
                try Syscall.bind(fd, to: address)
                try Syscall.listen(fd, backlog: Int32(clamping: max(1, configuration.backlog)))
                if index == 0 {
                    // Later listeners join the port the first one got (matters for port 0).
                    address = address.with(port: try Syscall.localAddress(fd).port)
                }
            } catch {
                Syscall.close(fd)
                throw error
            }
            loop.listener = Listener(fd: fd, makeHandler: makeHandler, budget: budget)
            loops.append(loop)
        }
        return (loops, address.port)
    }

    /// Throws EADDRINUSE when any socket listens on `address` already. SO_REUSEPORT lets every
    /// process of the same user join a port, so without this a second server (say, another
    /// orderlyd with another data directory) would share the port and the kernel would split
    /// the clients between two stores. A socket bound without SO_REUSEPORT conflicts with every
    /// listener; SO_REUSEADDR keeps a restart from tripping over its own TIME_WAIT connections.
    /// (Two servers probing in the same instant could both pass; a server that is already up
    /// always makes the second one fail.) Port 0 asks the kernel for a fresh port: no probe.
    private static func checkNobodyListens(on address: SocketAddress) throws(TransportError) {
        let probe = try Syscall.tcpSocket(family: address.family)
        defer { Syscall.close(probe) }
        try Syscall.setOption(probe, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
        try Syscall.bind(probe, to: address)
    }

    /// The server's event loops (empty before `start()` and after shutdown).
    public var eventLoops: [EventLoop] {
        state.withLock { $0.loops }
    }

    /// Stops accepting, calls `connectionShouldDrain` on every connection, waits until all have
    /// closed or `gracePeriod` passed (then aborts the rest), and joins the loop threads. Must not
    /// be called from one of the server's loops. A second call waits for the first to finish.
    public func shutdown(gracePeriod: Duration) {
        let running: State? = state.withLock { state in
            guard state.phase == .running else { return nil }
            state.phase = .stopping
            return state
        }
        guard let running else {
            waitUntilStopped()
            return
        }
        let idle = CountdownLatch(count: running.loops.count)
        for loop in running.loops {
            loop.execute { loop.beginDrain { idle.arrive() } }
        }
        idle.wait(timeout: gracePeriod)
        for loop in running.loops {
            loop.execute { loop.stop() }
        }
        for thread in running.threads {
            thread.join()
        }
        state.withLock { $0 = State(phase: .stopped) }
        stopped.arrive()
    }

    /// Blocks until `shutdown` has finished (returns at once if the server never started).
    public func waitUntilStopped() {
        let phase = state.withLock { $0.phase }
        guard phase != .idle else { return }
        stopped.wait()
    }
}
