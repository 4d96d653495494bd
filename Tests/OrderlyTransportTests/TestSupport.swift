// TestSupport: what the transport tests share: a blocking raw-socket client (an independent
// peer that does not use our event loop), a lock-protected recorder for values handlers observe
// on loop threads, polling with a deadline, and the byte pattern used to check ordering.
import Glibc
import OrderlyLocks
import OrderlyTestSupport

@testable import OrderlyTransport


/// Byte `index` of the ordered pattern (251 is prime, so chunk boundaries never line up with it).
func patternByte(_ index: Int) -> UInt8 {
    UInt8(truncatingIfNeeded: index % 251)
}

/// A blocking TCP client on raw Glibc calls, with a receive timeout so a bug cannot hang a test.
final class RawClient {
    private(set) var fd: Int32

    init(port: Int, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure(description: "socket failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, 4)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw TestFailure(description: "connect failed: errno \(errno)")
        }
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw TestFailure(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Reads up to `maximum` bytes once; empty at end of stream.
    func receiveSome(maximum: Int = 65536) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw TestFailure(description: "recv failed: errno \(errno)") }
        return Array(buffer[..<count])
    }

    /// Reads exactly `count` bytes (fewer only if the stream ends first).
    func receive(count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        while result.count < count {
            let chunk = try receiveSome(maximum: min(65536, count - result.count))
            if chunk.isEmpty { break }
            result += chunk
        }
        return result
    }

    /// Reads until the peer closes; returns what arrived and whether the end was orderly (EOF)
    /// rather than a reset.
    func receiveUntilClosed() -> (bytes: [UInt8], orderly: Bool) {
        var result: [UInt8] = []
        while true {
            guard let chunk = try? receiveSome() else { return (result, false) }
            if chunk.isEmpty { return (result, true) }
            result += chunk
        }
    }

    /// Closes with SO_LINGER 0, which makes the kernel send RST instead of FIN.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        Glibc.close(fd)
        fd = -1
    }
}

/// Echoes every received byte and counts connections per loop.
final class EchoHandler: ConnectionHandler {
    let events: Recorder<[String]>

    init(events: Recorder<[String]>) {
        self.events = events
    }

    func connectionActive(_ connection: Connection) {
        events.update { $0.append("active") }
    }

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        connection.write(bytes)
    }

    func connectionWillFlush(_ connection: Connection) {}

    func connectionShouldDrain(_ connection: Connection) {
        events.update { $0.append("drain") }
        connection.close()
    }

    func connectionClosed(_ connection: Connection) {
        events.update { $0.append("closed") }
    }
}

/// Starts an echo server on an ephemeral port.
func startEchoServer(threads: Int = 2, events: Recorder<[String]> = Recorder([])) throws -> (TCPServer, Int) {
    let server = TCPServer(configuration: ServerConfiguration(threads: threads)) { _ in
        EchoHandler(events: events)
    }
    let port = try server.start()
    return (server, port)
}
