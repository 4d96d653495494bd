// EchoTests: bytes in, the same bytes out, over real sockets on 127.0.0.1, for one connection
// of various sizes and for many connections spread over several loops.
import OrderlyTestSupport
import Glibc
import Testing

@testable import OrderlyTransport

@Suite struct EchoTests {
    @Test("an echo handler returns exactly the bytes sent", arguments: [1, 1000, 200_000, 3_000_000])
    func echoRoundTrip(size: Int) throws {
        let (server, port) = try startEchoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        let payload = (0..<size).map(patternByte)
        // Send from another thread: a large payload fills both directions' buffers, and a
        // blocking client that only sends would deadlock against the echo.
        let sender = try LoopThread(name: "test-sender") { [fd = client.fd] in
            var offset = 0
            while offset < payload.count {
                let sent = payload[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
                if sent <= 0 { return }
                offset += sent
            }
        }
        let echoed = try client.receive(count: size)
        sender.join()
        #expect(echoed.count == size)
        #expect(echoed == payload)
    }

    @Test("many connections at once are served, by more than one loop")
    func manyConnectionsSpreadOverLoops() throws {
        let loopsSeen = Recorder<Set<ObjectIdentifier>>([])
        let events = Recorder<[String]>([])
        let server = TCPServer(configuration: ServerConfiguration(threads: 4)) { connection in
            loopsSeen.update { _ = $0.insert(ObjectIdentifier(connection.eventLoop)) }
            return EchoHandler(events: events)
        }
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        #expect(server.eventLoops.count == 4)

        let clients = try (0..<64).map { _ in try RawClient(port: port) }
        for (index, client) in clients.enumerated() {
            try client.send("client \(index);")
        }
        for (index, client) in clients.enumerated() {
            let expected = Array("client \(index);".utf8)
            #expect(try client.receive(count: expected.count) == expected)
        }
        #expect(waitUntil { events.current.filter { $0 == "active" }.count == 64 })
        // SO_REUSEPORT hashes the peer port; 64 connections all on one of 4 loops is ~1e-38.
        #expect(loopsSeen.current.count > 1)
    }

    @Test("the peer description is the client's address")
    func peerDescription() throws {
        let description = Recorder<String>("")
        let server = TCPServer(configuration: ServerConfiguration(threads: 1)) { connection in
            description.update { $0 = connection.peerDescription }
            return EchoHandler(events: Recorder([]))
        }
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        try client.send("x")
        _ = try client.receive(count: 1)
        #expect(description.current.hasPrefix("127.0.0.1:"))
        #expect(description.current != "127.0.0.1:\(port)")
    }

    @Test("connections beyond maxConnections are closed at once, and places free up on close")
    func maxConnectionsIsEnforced() throws {
        let events = Recorder<[String]>([])
        let server = TCPServer(configuration: ServerConfiguration(threads: 2, maxConnections: 2)) { _ in
            EchoHandler(events: events)
        }
        let port = try server.start()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        var first: RawClient? = try RawClient(port: port)
        let second = try RawClient(port: port)
        for client in [first, second].compactMap({ $0 }) {
            try client.send("in")
            #expect(try client.receive(count: 2) == Array("in".utf8))
        }
        let rejected = try RawClient(port: port)
        #expect(rejected.receiveUntilClosed().bytes.isEmpty)
        first = nil
        #expect(waitUntil { events.current.contains("closed") })
        let third = try RawClient(port: port)
        try third.send("ok")
        #expect(try third.receive(count: 2) == Array("ok".utf8))
        #expect(events.current.filter { $0 == "active" }.count == 3)
    }

    @Test("an unresolvable host makes start() throw instead of crashing")
    func unresolvableHostThrows() throws {
        let server = TCPServer(configuration: ServerConfiguration(host: "no such host.invalid")) { _ in
            EchoHandler(events: Recorder([]))
        }
        #expect(throws: TransportError.self) { try server.start() }
        server.waitUntilStopped()
    }
}
