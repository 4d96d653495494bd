// ServerConfiguration: where a TCPServer listens and the limits of its connections, with the
// defaults documented on each field.
import Glibc

/// How a `TCPServer` listens and treats its connections.
public struct ServerConfiguration: Sendable {
    /// Address to bind: an IPv4/IPv6 literal or a resolvable name. Default "127.0.0.1".
    public var host: String
    /// Port to bind; 0 picks an ephemeral port (see `TCPServer.start()`'s result). Default 0.
    public var port: Int
    /// Event-loop threads, each with its own SO_REUSEPORT listener. Default: the active cores.
    public var threads: Int
    /// Listen backlog per loop. Default 1024.
    public var backlog: Int
    /// Buffered output above which a connection stops reading and reports `isWritable == false`.
    /// Default 1 MiB.
    public var outboundHighWater: Int
    /// Buffered output at or below which reading resumes and `connectionWillFlush` is called.
    /// Default 256 KiB.
    public var outboundLowWater: Int
    /// Open connections across all loops; more are accepted and closed at once. Default 10 000.
    public var maxConnections: Int
    /// How long `Connection.close()` may wait for buffered output to reach a peer that does not
    /// read before the connection is reset. Default 10 s.
    public var closeTimeout: Duration

    /// A configuration with the documented defaults, overridable per field.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        threads: Int = ServerConfiguration.activeCores,
        backlog: Int = 1024,
        outboundHighWater: Int = 1024 * 1024,
        outboundLowWater: Int = 256 * 1024,
        maxConnections: Int = 10_000,
        closeTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.threads = threads
        self.backlog = backlog
        self.outboundHighWater = outboundHighWater
        self.outboundLowWater = outboundLowWater
        self.maxConnections = maxConnections
        self.closeTimeout = closeTimeout
    }

    /// The number of online processors (at least 1).
    public static var activeCores: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The per-loop settings derived from this configuration, with nonsensical values clamped.
    var loopConfiguration: EventLoop.Configuration {
        var loop = EventLoop.Configuration()
        loop.outboundHighWater = max(1, outboundHighWater)
        loop.outboundLowWater = min(max(0, outboundLowWater), loop.outboundHighWater)
        loop.closeTimeoutNanoseconds = closeTimeout.saturatingNanoseconds
        return loop
    }
}
