// SocketAddress: an IPv4 or IPv6 socket address as the kernel wants it (sockaddr_storage plus
// length), parsed from "host" + port and printed back as "127.0.0.1:53211" / "[::1]:53211".
import Glibc

/// An IPv4 or IPv6 address with a port.
struct SocketAddress: Sendable {
    private(set) var storage: sockaddr_storage
    let length: socklen_t

    init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    /// Parses a literal IPv4/IPv6 address, else resolves the name (e.g. "localhost").
    init(host: String, port: Int) throws(TransportError) {
        guard let port = UInt16(exactly: port) else {
            throw TransportError(errno: EINVAL, syscall: "port \(port)")
        }
        var storage = sockaddr_storage()
        var address4 = sockaddr_in()
        if inet_pton(AF_INET, host, &address4.sin_addr) == 1 {
            address4.sin_family = sa_family_t(AF_INET)
            address4.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address4, as: sockaddr_in.self) }
            self.init(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in>.size))
            return
        }
        var address6 = sockaddr_in6()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if inet_pton(AF_INET6, bare, &address6.sin6_addr) == 1 {
            address6.sin6_family = sa_family_t(AF_INET6)
            address6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address6, as: sockaddr_in6.self) }
            self.init(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in6>.size))
            return
        }
        self = try Syscall.resolve(host: host, port: port)
    }

    /// AF_INET or AF_INET6.
    var family: Int32 { Int32(storage.ss_family) }

    /// The port in host byte order.
    var port: Int {
        withUnsafeBytes(of: storage) { raw in
            switch Int32(storage.ss_family) {
            case AF_INET: Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            case AF_INET6: Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            default: 0
            }
        }
    }

    /// A copy of this address with another port.
    func with(port: Int) -> SocketAddress {
        var copy = self
        let port = UInt16(truncatingIfNeeded: port).bigEndian
        withUnsafeMutableBytes(of: &copy.storage) { raw in
            switch Int32(raw.load(as: sockaddr_storage.self).ss_family) {
            case AF_INET:
                var address = raw.load(as: sockaddr_in.self)
                address.sin_port = port
                raw.storeBytes(of: address, as: sockaddr_in.self)
            case AF_INET6:
                var address = raw.load(as: sockaddr_in6.self)
                address.sin6_port = port
                raw.storeBytes(of: address, as: sockaddr_in6.self)
            default:
                break
            }
        }
        return copy
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R {
        var storage = self.storage
        return try withUnsafePointer(to: &storage) { (pointer) throws(E) -> R in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(E) -> R in
                try body(address, length)
            }
        }
    }

    /// "127.0.0.1:53211" or "[::1]:53211".
    var description: String {
        withUnsafeBytes(of: storage) { raw -> String in
            switch Int32(storage.ss_family) {
            case AF_INET:
                let address = raw.load(as: sockaddr_in.self).sin_addr
                let text = withUnsafeBytes(of: address) { Self.text(family: AF_INET, $0) }
                return "\(text):\(port)"
            case AF_INET6:
                let address = raw.load(as: sockaddr_in6.self).sin6_addr
                let text = withUnsafeBytes(of: address) { Self.text(family: AF_INET6, $0) }
                return "[\(text)]:\(port)"
            default:
                return "unknown"
            }
        }
    }

    /// inet_ntop into a stack buffer.
    private static func text(family: Int32, _ address: UnsafeRawBufferPointer) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN) + 1) { buffer in
            guard let base = buffer.baseAddress,
                inet_ntop(family, address.baseAddress, base, socklen_t(buffer.count)) != nil
            else { return "?" }
            return String(cString: base)
        }
    }
}
