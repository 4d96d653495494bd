// "HOST:PORT" targets as command lines write them ("127.0.0.1:50051", "localhost:9000",
// "[::1]:50051"), parsed once for channels.
import OrderlyRPC

/// A server's host and port.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name or literal address (IPv6 without brackets).
    public var host: String
    /// TCP port, 1...65535.
    public var port: Int

    /// Creates an address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses "HOST:PORT" or "[IPv6]:PORT"; throws INVALID_ARGUMENT naming the problem.
    public init(parsing text: String) throws(RPCError) {
        guard let colon = text.lastIndex(of: ":") else {
            throw RPCError(.invalidArgument, "server address '\(text)' is not HOST:PORT")
        }
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw RPCError(.invalidArgument, "server address '\(text)' has no valid port (1-65535)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") && host.count >= 2 {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw RPCError(.invalidArgument, "server address '\(text)': write IPv6 hosts as [ADDRESS]:PORT")
        }
        guard !host.isEmpty else {
            throw RPCError(.invalidArgument, "server address '\(text)' has no host")
        }
        self.init(host: host, port: port)
    }

    /// "host:port", with brackets around IPv6 hosts.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension GRPCChannel {
    /// A channel to `address` with its own event loop thread.
    public convenience init(address: ServerAddress, configuration: ChannelConfiguration = ChannelConfiguration()) {
        self.init(host: address.host, port: address.port, configuration: configuration)
    }
}
