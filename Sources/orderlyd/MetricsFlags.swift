// orderlyd's metrics endpoint flags: off unless --metrics-port is given; loopback by default,
// since the figures (method names, counts) are for operators, not the world.
import ArgumentParser

/// `--metrics-port`, `--metrics-host`.
struct MetricsFlags: ParsableArguments {
    @Option(help: "Serve Prometheus metrics at http://HOST:PORT/metrics (default: off).")
    var metricsPort: Int?

    @Option(help: "The address the metrics endpoint listens on.")
    var metricsHost = "127.0.0.1"

    func validate() throws {
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0...65535")
        }
    }
}
