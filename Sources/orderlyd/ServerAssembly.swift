// What orderlyd serves, in one place. To add a service: construct it here and append it to
// `services`; the router, the health registry (SERVING), reflection and the `GET /` page all
// follow from that list.
import Logging
import OrderlyDomain
import OrderlyPersistence
import OrderlyRPC
import OrderlyServices
import OrderlyStandardServices

/// The services of the server and the state they share, built once from the options.
final class ServerAssembly {
    let options: ServerOptions
    let logger: Logger
    let health = HealthService()
    let reflection = ReflectionService()
    /// The order store, recovered from and journaled to `options.dataDirectory`.
    let persistent: PersistentStore
    /// The orderly.v1 services over that store; mutations answer once the journal has them.
    let orderly: [any RPCService]

    /// Every service the server registers, in the order the `GET /` page lists them.
    var services: [any RPCService] {
        [health, reflection] + orderly + [AdminService(persistent: persistent, testClock: testClock)]
    }

    /// Opens (and recovers) the store in `options.dataDirectory`, then builds the services.
    init(options: ServerOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        tokens = try options.auth.loadTokens()
        testClock = options.testClock.map { ManualClock(Timestamp(seconds: $0)) }
        if let testClock {
            logger.warning(
                "--test-clock: the clock stands still and moves only through AdminService/AdvanceTestClock; for tests only",
                metadata: ["now_unix": "\(testClock.now().seconds)"])
        }
        persistent = try PersistentStore.open(
            directory: options.dataDirectory, options: options.persistence.options,
            clock: testClock ?? SystemClock(), logger: Logger(label: "orderly.persistence"))
        orderly = OrderlyServiceSet.make(
            store: persistent.store, gate: persistent.gate, baseCurrency: options.baseCurrency)
        SnapshotSignal.listen(for: persistent, logger: logger)
        // Writes are refused once the journal has failed: tell load balancers to go elsewhere.
        persistent.gate.onFailure { [health] _ in
            for service in [""] + OrderlyServiceSet.serviceNames + [AdminService.name] {
                health.setStatus(.notServing, for: service)
            }
        }
    }

    /// The bearer tokens from --auth-file; nil when auth is off (loopback only).
    let tokens: TokenTable?
    /// The store's clock under --test-clock (nil: the system clock).
    let testClock: ManualClock?

    /// The routing table, behind the auth check when tokens are configured; marks every routed
    /// service SERVING and publishes it to reflection.
    func makeRouter() -> RPCRouter {
        var router = RPCRouter(services: services)
        health.markServing(router.serviceNames)
        reflection.publish(router.serviceNames)
        if let tokens {
            router = router.intercepted(by: AuthInterceptor(tokens: tokens, store: persistent.store))
        }
        return router
    }

    /// Called on SIGINT/SIGTERM before the connections drain: health turns NOT_SERVING.
    func beginShutdown() {
        health.shutdown()
    }

    /// Called once every connection is closed: a final snapshot, then the journal is closed and
    /// the data directory unlocked.
    func finishShutdown() {
        persistent.close()
    }
}
