// orderlyd's command line, parsed once at start-up. Later features add their flags here (or in
// an extension next to their code) and read them in ServerAssembly.
import ArgumentParser
import OrderlyServices
import OrderlyRPC
import OrderlyTransport

/// The flags of `orderlyd`.
struct ServerOptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderlyd",
        abstract: "The Orderly order management server (gRPC over HTTP/2: h2c, or TLS with --tls-cert/--tls-key).", version: OrderlyVersion.current)

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on.")
    var port = 50051

    @Option(help: "Event-loop threads (default: the number of cores).")
    var threads = ServerConfiguration.activeCores

    @Option(name: .customLong("data-dir"), help: "Where snapshots and the journal live.")
    var dataDirectory = "./data"

    @OptionGroup(title: "Durability")
    var persistence: PersistenceFlags

    @OptionGroup(title: "Authentication")
    var auth: AuthFlags

    @OptionGroup(title: "Limits")
    var limits: LimitFlags

    @OptionGroup(title: "TLS")
    var tls: TLSFlags

    @OptionGroup(title: "Metrics")
    var metrics: MetricsFlags

    @Option(help: "Seconds in-flight calls get to finish after SIGINT/SIGTERM.")
    var shutdownGrace = 5.0

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(help: "ISO 4217 code whose money reports count when a request names no currency.")
    var baseCurrency = ReportingService.defaultBaseCurrency

    /// TEST ONLY (hidden): the server's clock starts at this Unix time and moves only through
    /// AdminService/AdvanceTestClock, so tests expire cart reservations without waiting.
    /// Off by default; SECURITY.md says why it must stay off in production.
    @Option(name: .customLong("test-clock"), help: .hidden)
    var testClock: Int64?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard shutdownGrace >= 0, shutdownGrace.isFinite else {
            throw ValidationError("--shutdown-grace must be a non-negative number of seconds")
        }
        guard LogfmtLogHandler.level(named: logLevel) != nil else {
            throw ValidationError("unknown --log-level \(logLevel)")
        }
        guard baseCurrency.utf8.count == 3, baseCurrency.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw ValidationError("--base-currency must be three uppercase letters (ISO 4217), got \"\(baseCurrency)\"")
        }
        try auth.validate(host: host)
    }
}
