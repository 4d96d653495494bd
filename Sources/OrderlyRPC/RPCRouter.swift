// Maps "/package.Service/Method" to the code that serves it. Services register their methods
// once at start-up; the transport looks a route up per call straight from the :path bytes, so
// the hot path allocates no string.
import OrderlyMetrics
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A service: a group of methods that registers itself into a router.
public protocol RPCService: Sendable {
    /// Adds this service's methods to `router`.
    func register(into router: inout RPCRouter)
}

/// The four shapes of a gRPC call.
public enum RPCKind: Sendable, Hashable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses.
    case serverStreaming
    /// A stream of requests, one response.
    case clientStreaming
    /// Streams both ways.
    case bidiStreaming
}

/// One registered method. A class, so that a stream holds it with one reference count
/// rather than four.
public final class RPCRoute: Sendable {
    /// The service's full name, e.g. "grpc.health.v1.Health".
    public let service: String
    /// The method name, e.g. "Check".
    public let method: String
    /// "/service/method".
    public let path: String
    /// The call shape.
    public let kind: RPCKind
    /// This method's call counters (grpc_server_* metrics), updated by the transport.
    public let stats = CallStats()
    /// Creates the per-call handler; the transport calls this when the request headers are in.
    public let makeCall: @Sendable (ServerContext, any ServerCallSink) -> any ServerCallHandler

    /// Creates a route; services normally use the typed registration methods instead.
    public init(
        service: String, method: String, path: String, kind: RPCKind,
        makeCall: @escaping @Sendable (ServerContext, any ServerCallSink) -> any ServerCallHandler
    ) {
        self.service = service
        self.method = method
        self.path = path
        self.kind = kind
        self.makeCall = makeCall
    }
}

/// The table of methods a server serves.
public struct RPCRouter: Sendable {
    private var routes: [RPCRoute] = []
    /// The UTF-8 of each route's path, parallel to `routes`, compared byte-wise on lookup.
    private var pathBytes: [[UInt8]] = []
    /// Each route's FNV-1a path hash, parallel to `routes`.
    private var hashes: [UInt64] = []
    /// Open-addressing table of route index + 1 (0: empty), at `hash & mask`, probed linearly,
    /// at most half full: a lookup hashes the path bytes once and needs no String and no
    /// Dictionary (whose SipHash of the key cost about as much as the rest of the lookup).
    private var slots: [Int32] = [0]

    /// An empty router.
    public init() {}

    /// A router serving `services`.
    public init(services: [any RPCService]) {
        for service in services { register(service) }
    }

    /// Registers every method of `service`.
    public mutating func register(_ service: some RPCService) {
        service.register(into: &self)
    }

    /// The distinct service names, in registration order.
    public var serviceNames: [String] {
        var seen = Set<String>()
        return routes.map(\.service).filter { seen.insert($0).inserted }
    }

    /// Every registered method.
    public var allRoutes: [RPCRoute] { routes }

    /// The route for a ":path" header value, or nil (the caller answers UNIMPLEMENTED).
    public func route(forPath path: UnsafeRawBufferPointer) -> RPCRoute? {
        let hash = Self.hash(path)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            let index = entry - 1
            if hashes[index] == hash {
                let matches = pathBytes[index].withUnsafeBytes { candidate in
                    candidate.count == path.count
                        && (path.isEmpty || memcmp(candidate.baseAddress!, path.baseAddress!, path.count) == 0)
                }
                if matches { return routes[index] }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The route for `path`, e.g. "/grpc.health.v1.Health/Check".
    public func route(forPath path: String) -> RPCRoute? {
        var path = path
        return path.withUTF8 { route(forPath: UnsafeRawBufferPointer($0)) }
    }

    /// Adds a route; a later registration of the same path replaces the earlier one.
    public mutating func add(_ route: RPCRoute) {
        if let existing = routes.firstIndex(where: { $0.path == route.path }) {
            routes[existing] = route
            return
        }
        routes.append(route)
        pathBytes.append(Array(route.path.utf8))
        var path = route.path
        hashes.append(path.withUTF8 { Self.hash(UnsafeRawBufferPointer($0)) })
        rebuildSlots()
    }

    /// Refills `slots` at a power-of-two size of at least twice the routes (start-up only).
    private mutating func rebuildSlots() {
        var size = 1
        while size < 2 * routes.count { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index + 1)
        }
    }

    /// FNV-1a over the path bytes.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
