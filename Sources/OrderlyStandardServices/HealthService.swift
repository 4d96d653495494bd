// grpc.health.v1.Health (the gRPC project's doc/health-checking.md): Check answers from a status
// registry, Watch streams every change of one service's status. The overall server is the
// empty service name. Check runs inline on the loop thread: it is what load balancers and the
// benchmark hammer, so the overall status is one atomic load and the messages are the lean wire
// forms of HealthMessages.swift.
import OrderlyLocks
import OrderlyMessages
import OrderlyRPC
import Synchronization

/// The health service and its status registry. Thread-safe: statuses may change from any thread.
public final class HealthService: RPCService {
    /// A serving status, as the protocol numbers it.
    public typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus
    private typealias Writer = ResponseWriter<HealthCheckResponseWire>

    /// The full name clients address.
    public static let serviceName = "grpc.health.v1.Health"

    private struct Watcher {
        let service: String
        let writer: Writer
    }

    private struct State {
        var statuses: [String: Status] = ["": .serving]
        var watchers: [Int: Watcher] = [:]
        var nextWatcherID = 0
        var shutDown = false
    }

    private let state = Locked(State())
    /// The overall ("") status's raw value, mirrored out of `state` so Check needs no lock.
    private let overall = Atomic<Int32>(Status.serving.rawValue)

    /// A registry where only the overall server ("") is known, SERVING.
    public init() {}

    /// Adds Check and Watch to `router`.
    public func register(into router: inout RPCRouter) {
        router.unary(Self.serviceName, "Check") {
            [self] (request: HealthCheckRequestWire, _) throws -> HealthCheckResponseWire in
            guard let status = status(of: request.service) else {
                throw RPCError(.notFound, "unknown service \(request.service)")
            }
            return HealthCheckResponseWire(status: status)
        }
        router.serverStreamingDeferred(Self.serviceName, "Watch") {
            [self] (request: HealthCheckRequestWire, writer: Writer, context) in
            watch(request.service, writer: writer, context: context)
        }
    }

    /// The status of `service` ("" is the whole server); nil when the service is unknown.
    public func status(of service: String) -> Status? {
        if service.isEmpty {
            return Status(rawValue: overall.load(ordering: .relaxed))
        }
        return state.withLock { $0.statuses[service] }
    }

    /// Marks `services` SERVING (typically every service the router serves).
    public func markServing(_ services: some Sequence<String>) {
        for service in services {
            setStatus(.serving, for: service)
        }
    }

    /// Sets the status of `service` and tells its watchers when it changed. Ignored after
    /// `shutdown()`, which is final.
    public func setStatus(_ status: Status, for service: String) {
        let writers = state.withLock { state -> [Writer] in
            guard !state.shutDown, state.statuses[service] != status else { return [] }
            state.statuses[service] = status
            if service.isEmpty { overall.store(status.rawValue, ordering: .relaxed) }
            return state.watchers.values.filter { $0.service == service }.map(\.writer)
        }
        let response = HealthCheckResponseWire(status: status)
        for writer in writers {
            writer.write(response)
        }
    }

    /// Server shutdown: every known service becomes NOT_SERVING, watchers are told so and then
    /// their streams end with UNAVAILABLE, so that draining connections can close.
    public func shutdown() {
        let watchers = state.withLock { state -> [Watcher] in
            guard !state.shutDown else { return [] }
            state.shutDown = true
            for service in state.statuses.keys {
                state.statuses[service] = .notServing
            }
            overall.store(Status.notServing.rawValue, ordering: .relaxed)
            defer { state.watchers = [:] }
            return Array(state.watchers.values)
        }
        let notServing = HealthCheckResponseWire(status: .notServing)
        for watcher in watchers {
            watcher.writer.write(notServing)
            watcher.writer.finish(throwing: RPCError(.unavailable, "the server is shutting down"))
        }
    }

    /// Number of open Watch streams (for tests).
    public var watcherCount: Int {
        state.withLock { $0.watchers.count }
    }

    /// Sends the current status at once, then every change until the call ends.
    private func watch(_ service: String, writer: Writer, context: ServerContext) {
        let registration = state.withLock { state -> (id: Int?, status: Status) in
            let status = state.statuses[service] ?? .serviceUnknown
            guard !state.shutDown else { return (nil, status) }
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            state.watchers[id] = Watcher(service: service, writer: writer)
            return (id, status)
        }
        writer.write(HealthCheckResponseWire(status: registration.status))
        guard let id = registration.id else {
            writer.finish(throwing: RPCError(.unavailable, "the server is shutting down"))
            return
        }
        context.onCancel { [self] in
            _ = state.withLock { $0.watchers.removeValue(forKey: id) }
        }
    }
}
