// HandlerContractTests: the promises ConnectionHandler makes to the HTTP/2 layer: requestFlush
// from another thread (via execute) leads to connectionWillFlush on the loop, abort() inside a
// callback does not re-enter the handler, connectionClosed comes exactly once, close() sends what
// is buffered and writes after it are ignored.
import OrderlyTestSupport
import Glibc
import Testing

@testable import OrderlyTransport

/// Records every callback with whether it was on the loop and nested inside another callback.
final class ContractHandler: ConnectionHandler {
    enum OnReceive: Sendable {
        case nothing, abort, replyThenClose
    }

    let log: Recorder<[String]>
    let onReceive: OnReceive
    let connection: Recorder<Connection?>
    private var depth = 0

    init(log: Recorder<[String]>, onReceive: OnReceive, connection: Recorder<Connection?>) {
        self.log = log
        self.onReceive = onReceive
        self.connection = connection
    }

    private func record(_ event: String, _ connection: Connection) {
        let prefix = depth > 0 ? "nested-" : ""
        let suffix = connection.eventLoop.inEventLoop ? "" : "-off-loop"
        log.update { $0.append(prefix + event + suffix) }
    }

    func connectionActive(_ connection: Connection) {
        record("active", connection)
        self.connection.update { $0 = connection }
    }

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        record("received", connection)
        depth += 1
        defer { depth -= 1 }
        switch onReceive {
        case .nothing:
            break
        case .abort:
            Array(repeating: UInt8(1), count: 1 << 20).withUnsafeBytes { connection.write($0) }
            connection.abort()
            connection.abort()
            Array("late".utf8).withUnsafeBytes { connection.write($0) }
        case .replyThenClose:
            Array("reply".utf8).withUnsafeBytes { connection.write($0) }
            connection.close()
            Array("after close".utf8).withUnsafeBytes { connection.write($0) }
        }
    }

    func connectionWillFlush(_ connection: Connection) {
        record("willFlush", connection)
    }

    func connectionShouldDrain(_ connection: Connection) {
        connection.close()
    }

    func connectionClosed(_ connection: Connection) {
        record("closed", connection)
    }
}

@Suite struct HandlerContractTests {
    private func start(
        _ onReceive: ContractHandler.OnReceive
    ) throws -> (TCPServer, Int, Recorder<[String]>, Recorder<Connection?>) {
        let log = Recorder<[String]>([])
        let connection = Recorder<Connection?>(nil)
        let server = TCPServer(configuration: ServerConfiguration(threads: 1)) { _ in
            ContractHandler(log: log, onReceive: onReceive, connection: connection)
        }
        return (server, try server.start(), log, connection)
    }

    @Test("requestFlush via execute from another thread leads to connectionWillFlush on the loop")
    func requestFlushFromAnotherThread() throws {
        let (server, port, log, connection) = try start(.nothing)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        #expect(waitUntil { connection.current != nil })
        let before = log.current.filter { $0 == "willFlush" }.count
        if let target = connection.current {
            for _ in 0..<3 {
                target.eventLoop.execute { target.requestFlush() }
            }
        }
        #expect(waitUntil { log.current.filter { $0 == "willFlush" }.count > before })
        usleep(50_000)
        #expect(!log.current.contains { $0.hasSuffix("-off-loop") })
        // Three requests queued together fall in one loop turn: at most three calls, at least one.
        #expect(log.current.filter { $0 == "willFlush" }.count - before <= 3)
        _ = client
    }

    @Test("abort() inside a callback drops output and calls connectionClosed once, later, not nested")
    func abortInsideCallback() throws {
        let (server, port, log, _) = try start(.abort)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        try client.send("go")
        let (bytes, _) = client.receiveUntilClosed()
        #expect(bytes.count < 1 << 20)
        #expect(waitUntil { log.current.contains("closed") })
        usleep(50_000)
        #expect(log.current == ["active", "received", "closed"])
    }

    @Test("close() sends what was buffered, ignores later writes, then connectionClosed once")
    func closeSendsBufferedOutput() throws {
        let (server, port, log, _) = try start(.replyThenClose)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        try client.send("go")
        let (bytes, orderly) = client.receiveUntilClosed()
        #expect(bytes == Array("reply".utf8))
        #expect(orderly)
        #expect(waitUntil { log.current.contains("closed") })
        usleep(50_000)
        #expect(log.current == ["active", "received", "closed"])
    }
}
