// One server per port: SO_REUSEPORT would let a second server (another process of the same
// user) join a port that is already served; TCPServer refuses such a port with EADDRINUSE.
import Glibc
import OrderlyTestSupport
import Testing

@testable import OrderlyTransport

@Suite struct PortInUseTests {
    @Test("a second server on a port that is already served fails to start", arguments: [1, 3])
    func aServedPortIsRefused(threads: Int) throws {
        let (first, port) = try startEchoServer(threads: threads)
        defer { first.shutdown(gracePeriod: .seconds(1)) }
        let second = TCPServer(configuration: ServerConfiguration(port: port, threads: threads)) { _ in
            EchoHandler(events: Recorder([]))
        }
        #expect(throws: TransportError(errno: EADDRINUSE, syscall: "bind")) { _ = try second.start() }
        // The first server still answers.
        let client = try RawClient(port: port)
        try client.send("still here")
        #expect(try client.receive(count: 10) == Array("still here".utf8))
    }

    @Test("a port is free again once its server has shut down")
    func aFreedPortCanBeServedAgain() throws {
        let (first, port) = try startEchoServer()
        first.shutdown(gracePeriod: .seconds(1))
        let again = TCPServer(configuration: ServerConfiguration(port: port, threads: 2)) { _ in
            EchoHandler(events: Recorder([]))
        }
        #expect(try again.start() == port)
        again.shutdown(gracePeriod: .seconds(1))
    }
}
