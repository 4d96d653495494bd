// ShutdownTests: graceful shutdown (drain, then return), the grace period expiring on a handler
// that never closes, and peers that reset the connection mid-transfer.
import OrderlyTestSupport
import Glibc
import Testing

@testable import OrderlyTransport

/// Says goodbye and closes when asked to drain, like an HTTP/2 GOAWAY.
final class GoodbyeHandler: ConnectionHandler {
    let closed: Recorder<Int>
    let ignoresDrain: Bool

    init(closed: Recorder<Int>, ignoresDrain: Bool) {
        self.closed = closed
        self.ignoresDrain = ignoresDrain
    }

    func connectionActive(_ connection: Connection) {}

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        connection.write(bytes)
    }

    func connectionWillFlush(_ connection: Connection) {}

    func connectionShouldDrain(_ connection: Connection) {
        guard !ignoresDrain else { return }
        Array("goodbye".utf8).withUnsafeBytes { connection.write($0) }
        connection.close()
    }

    func connectionClosed(_ connection: Connection) {
        closed.update { $0 += 1 }
    }
}

@Suite struct ShutdownTests {
    @Test("graceful shutdown lets handlers say goodbye, closes cleanly and returns early")
    func gracefulShutdownDrains() throws {
        let closed = Recorder(0)
        let server = TCPServer(configuration: ServerConfiguration(threads: 2)) { _ in
            GoodbyeHandler(closed: closed, ignoresDrain: false)
        }
        let port = try server.start()
        let clients = try (0..<6).map { _ in try RawClient(port: port) }
        for client in clients {
            try client.send("ping")
            #expect(try client.receive(count: 4) == Array("ping".utf8))
        }
        let started = ContinuousClock.now
        let shutdown = try LoopThread(name: "test-shutdown") { server.shutdown(gracePeriod: .seconds(10)) }
        for client in clients {
            let (bytes, orderly) = client.receiveUntilClosed()
            #expect(bytes == Array("goodbye".utf8))
            #expect(orderly)
        }
        shutdown.join()
        server.waitUntilStopped()
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(closed.current == 6)
        #expect(server.eventLoops.isEmpty)
        #expect(throws: (any Error).self) { try RawClient(port: port) }
    }

    @Test("when handlers ignore the drain, shutdown aborts them after the grace period")
    func gracePeriodExpires() throws {
        let closed = Recorder(0)
        let server = TCPServer(configuration: ServerConfiguration(threads: 1)) { _ in
            GoodbyeHandler(closed: closed, ignoresDrain: true)
        }
        let port = try server.start()
        let client = try RawClient(port: port)
        try client.send("ping")
        #expect(try client.receive(count: 4) == Array("ping".utf8))
        let started = ContinuousClock.now
        server.shutdown(gracePeriod: .milliseconds(300))
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(5))
        #expect(closed.current == 1)
        #expect(client.receiveUntilClosed().bytes.isEmpty)
    }

    @Test("close() to a peer that never reads gives up after the close timeout")
    func closeTimeoutResetsStuckPeer() throws {
        let log = Recorder(ProducerLog())
        let configuration = ServerConfiguration(threads: 1, closeTimeout: .milliseconds(200))
        let server = TCPServer(configuration: configuration) { _ in
            CloseAfterWriting(total: 8 << 20, log: log)
        }
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port, receiveBuffer: 16 * 1024)
        let started = ContinuousClock.now
        #expect(waitUntil(timeout: .seconds(5)) { log.current.closed })
        #expect(ContinuousClock.now - started < .seconds(4))
        // Some of it may have reached the socket buffers; all of it cannot have.
        #expect(client.receiveUntilClosed().bytes.count < 8 << 20)
    }

    @Test("a peer reset during a large transfer closes that connection only")
    func peerResetDoesNotCrash() throws {
        let log = Recorder(ProducerLog())
        let server = TCPServer(configuration: ServerConfiguration(threads: 1)) { _ in
            Producer(total: 64 * 1024 * 1024, chunk: 64 * 1024, log: log)
        }
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        do {
            let victim = try RawClient(port: port, receiveBuffer: 16 * 1024)
            _ = try victim.receive(count: 100_000)
            #expect(waitUntil { log.current.sawNotWritable })
            victim.reset()
        }
        #expect(waitUntil { log.current.closed })
        // The server still serves new connections.
        let next = try RawClient(port: port)
        #expect(try next.receive(count: 1000) == (0..<1000).map(patternByte))
    }

    @Test("peers that connect and vanish at once, or reset with data in flight, do not crash", arguments: [false, true])
    func abruptPeers(sendFirst: Bool) throws {
        let events = Recorder<[String]>([])
        let (server, port) = try startEchoServer(threads: 2, events: events)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        for _ in 0..<20 {
            let client = try RawClient(port: port)
            if sendFirst { try client.send(Array(repeating: 7, count: 100_000)) }
            client.reset()
        }
        #expect(waitUntil {
            let current = events.current
            return current.filter { $0 == "closed" }.count == current.filter { $0 == "active" }.count
                && current.filter { $0 == "active" }.count == 20
        })
        let survivor = try RawClient(port: port)
        try survivor.send("still here")
        #expect(try survivor.receive(count: 10) == Array("still here".utf8))
    }
}

/// Writes `total` bytes at once, then closes: output that cannot drain to a non-reading peer.
final class CloseAfterWriting: ConnectionHandler {
    let total: Int
    let log: Recorder<ProducerLog>

    init(total: Int, log: Recorder<ProducerLog>) {
        self.total = total
        self.log = log
    }

    func connectionActive(_ connection: Connection) {
        [UInt8](repeating: 9, count: total).withUnsafeBytes { connection.write($0) }
        connection.close()
    }

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {}
    func connectionWillFlush(_ connection: Connection) {}
    func connectionShouldDrain(_ connection: Connection) {}

    func connectionClosed(_ connection: Connection) {
        log.update { $0.closed = true }
    }
}
