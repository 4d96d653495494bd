// TLSLoopbackTests: TLSConnectionHandler on real sockets: a TLS echo server (TCPServer) and a TLS
// client (EventLoop.connect) on 127.0.0.1, the handshake timeout, garbage and plaintext peers.
import OrderlyTestSupport
import Glibc
import Testing

@testable import OrderlyTLS
@testable import OrderlyTransport

/// Echoes plaintext; records its events.
final class EchoHandler: ConnectionHandler {
    let events: Recorder<[String]>

    init(events: Recorder<[String]>) {
        self.events = events
    }

    func connectionActive(_ connection: Connection) { events.update { $0.append("active") } }
    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) { connection.write(bytes) }
    func connectionWillFlush(_ connection: Connection) {}
    func connectionShouldDrain(_ connection: Connection) { connection.close() }
    func connectionClosed(_ connection: Connection) { events.update { $0.append("closed") } }
}

/// Sends a greeting once active, closes after the echo came back; records what it saw.
final class GreetingClient: ConnectionHandler {
    struct Log: Sendable {
        var received: [UInt8] = []
        var events: [String] = []
        var alpn: String?
        var failure: String?
    }

    let greeting: [UInt8]
    let log: Recorder<Log>
    /// How many echoed bytes to wait for before closing.
    var expected: Int

    init(greeting: [UInt8], log: Recorder<Log>) {
        self.greeting = greeting
        self.log = log
        expected = greeting.count
    }

    func connectionActive(_ connection: Connection) {
        let alpn = (connection.codec as? TLSConnectionHandler)?.negotiatedProtocol
        log.update {
            $0.events.append("active")
            $0.alpn = alpn
        }
        greeting.withUnsafeBytes { connection.write($0) }
    }

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        let count = log.update {
            $0.received += bytes
            return $0.received.count
        }
        if count >= expected { connection.close() }
    }

    func connectionWillFlush(_ connection: Connection) {}
    func connectionShouldDrain(_ connection: Connection) {}

    func connectionClosed(_ connection: Connection) {
        let failure = (connection.codec as? TLSConnectionHandler)?.failure?.description
        log.update {
            $0.events.append("closed")
            $0.failure = failure
        }
    }
}

/// A blocking raw socket to 127.0.0.1:port with a 5 s receive timeout.
func rawConnect(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure(description: "socket: errno \(errno)") }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard result == 0 else {
        Glibc.close(fd)
        throw TestFailure(description: "connect: errno \(errno)")
    }
    return fd
}

/// Reads until end of stream (true) or a timeout or reset (false).
func readsToEnd(_ fd: Int32) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return true }
        if count < 0 { return errno == ECONNRESET }
    }
}

@Suite struct TLSLoopbackTests {
    let certificates: TestCertificates

    init() throws {
        certificates = try TestCertificates.make()
    }

    func startServer(handshakeTimeout: Duration = .seconds(10), events: Recorder<[String]>) throws -> (TCPServer, Int) {
        let context = try TLSContext(
            server: TLSServerConfiguration(
                certificateChainFile: certificates.certificateFile, privateKeyFile: certificates.keyFile,
                handshakeTimeout: handshakeTimeout))
        let server = TCPServer(
            configuration: ServerConfiguration(threads: 1),
            makeHandler: TLSConnectionHandler.serverFactory(context: context) { _ in EchoHandler(events: events) })
        return (server, try server.start())
    }

    /// Connects with `TLSConnectionHandler.connect`, sends `size` bytes (in connectionActive, or
    /// right after `connect` returns when `early`), and waits for the echo and the close.
    func greet(
        port: Int, size: Int, configuration: TLSClientConfiguration, early: Bool = false
    ) throws -> GreetingClient.Log {
        let group = EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let context = try TLSContext(client: configuration)
        let log = Recorder(GreetingClient.Log())
        let greeting = (0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) }
        loop.execute {
            let client = GreetingClient(greeting: early ? [] : greeting, log: log)
            client.expected = greeting.count
            do {
                let connection = try TLSConnectionHandler.connect(
                    on: loop, host: "127.0.0.1", port: port, context: context, handler: client)
                if early { greeting.withUnsafeBytes { connection.write($0) } }
            } catch {
                log.update {
                    $0.failure = "\(error)"
                    $0.events.append("closed")
                }
            }
        }
        #expect(waitUntil { log.current.events.contains("closed") })
        if log.current.failure == nil { #expect(log.current.received == greeting) }
        return log.current
    }

    @Test("a TLS client and server echo over loopback with ALPN h2", arguments: [1, 20_000, 1_500_000])
    func echo(size: Int) throws {
        defer { certificates.remove() }
        let events = Recorder<[String]>([])
        let (server, port) = try startServer(events: events)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let log = try greet(port: port, size: size, configuration: TLSClientConfiguration(caFile: certificates.caFile))
        #expect(log.failure == nil)
        #expect(log.events == ["active", "closed"])
        #expect(log.alpn == "h2")
        #expect(waitUntil { events.current == ["active", "closed"] })
    }

    @Test("bytes written before the connection is up wait for the handshake and go out encrypted")
    func earlyWrite() throws {
        defer { certificates.remove() }
        let events = Recorder<[String]>([])
        let (server, port) = try startServer(events: events)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let log = try greet(
            port: port, size: 5000, configuration: TLSClientConfiguration(caFile: certificates.caFile), early: true)
        #expect(log.failure == nil)
        #expect(log.events == ["active", "closed"])
    }

    @Test("a name the certificate does not carry is refused", arguments: ["orders.example.com", "127.0.0.2"])
    func wrongName(_ name: String) throws {
        defer { certificates.remove() }
        let events = Recorder<[String]>([])
        let (server, port) = try startServer(events: events)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let log = try greet(
            port: port, size: 10, configuration: TLSClientConfiguration(caFile: certificates.caFile, serverName: name))
        #expect(log.events == ["closed"])
        #expect(log.failure?.contains("certificate verification") == true)
    }

    @Test("the peer address without its port is the fallback name", arguments: [
        ("127.0.0.1:443", "127.0.0.1"), ("[::1]:50051", "::1"), ("localhost", "localhost"),
    ])
    func peerHost(_ description: String, _ host: String) {
        #expect(TLSConnectionHandler.host(ofPeer: description) == host)
    }

    @Test("a client that does not trust the server never becomes active; the server keeps serving")
    func untrusted() throws {
        defer { certificates.remove() }
        let events = Recorder<[String]>([])
        let (server, port) = try startServer(events: events)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let refused = try greet(
            port: port, size: 10, configuration: TLSClientConfiguration(caFile: certificates.otherCAFile))
        #expect(refused.events == ["closed"])
        #expect(refused.failure?.contains("certificate verification") == true)
        let accepted = try greet(
            port: port, size: 10, configuration: TLSClientConfiguration(caFile: certificates.caFile, serverName: "127.0.0.1"))
        #expect(accepted.events == ["active", "closed"])
        // The refused connection's inner handler is closed without ever becoming active.
        #expect(waitUntil { events.current == ["closed", "active", "closed"] })
    }

    @Test("a peer that never completes the handshake is closed after the handshake timeout")
    func handshakeTimeout() throws {
        defer { certificates.remove() }
        let events = Recorder<[String]>([])
        let (server, port) = try startServer(handshakeTimeout: .milliseconds(200), events: events)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let fd = try rawConnect(port: port)
        defer { Glibc.close(fd) }
        let start = ContinuousClock.now
        #expect(readsToEnd(fd))
        #expect(ContinuousClock.now - start < .seconds(4))
        #expect(!events.current.contains("active"))
    }

    @Test("plaintext HTTP/2 and garbage are answered with an alert and a close", arguments: [
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "\u{16}\u{03}\u{01}\u{00}\u{05}hello\u{00}\u{01}",
    ])
    func notTLS(_ text: String) throws {
        defer { certificates.remove() }
        let events = Recorder<[String]>([])
        let (server, port) = try startServer(events: events)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let fd = try rawConnect(port: port)
        defer { Glibc.close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        #expect(readsToEnd(fd))
        #expect(!events.current.contains("active"))
        let log = try greet(
            port: port, size: 100, configuration: TLSClientConfiguration(caFile: certificates.caFile, serverName: "localhost"))
        #expect(log.events == ["active", "closed"])
        #expect(events.current.filter { $0 == "active" }.count == 1)
    }
}
