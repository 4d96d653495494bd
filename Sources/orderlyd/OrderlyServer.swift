// orderlyd's lifecycle: start the event loops on the assembly's router, wait for SIGINT or
// SIGTERM, then shut down in order: health NOT_SERVING, GOAWAY, a bounded wait for in-flight
// calls, and the assembly's own cleanup.
import Glibc
import Logging
import OrderlyHTTP2
import OrderlyRPC
import OrderlyZlib
import OrderlyTransport

/// Runs the server until a termination signal.
struct OrderlyServer {
    let assembly: ServerAssembly

    /// Serves until SIGINT/SIGTERM; returns once everything is shut down. Throws when the
    /// server cannot listen.
    func run() throws {
        let options = assembly.options
        let logger = assembly.logger
        let router = assembly.makeRouter()
        var http2 = HTTP2ServerConfiguration()
        http2.serverName = "orderlyd (Orderly order management)"
        http2.compression = CompressionRegistry(ZlibCompressor.all)
        options.limits.apply(to: &http2)
        http2.recordsCallMetrics = options.metrics.metricsPort != nil
        let server = TCPServer(
            configuration: ServerConfiguration(
                host: options.host, port: options.port, threads: options.threads,
                maxConnections: options.limits.maxConnections),
            makeHandler: try options.tls.wrap(
                GuardedConnectionHandler.factory(
                    router: router, configuration: http2, limits: options.limits.connectionLimits)))
        let port: Int
        do {
            port = try server.start()
        } catch let error as TransportError where error.errno == EADDRINUSE {
            throw PortInUse(host: options.host, port: options.port)
        }
        let metricsServer = try startMetrics(routes: router.allRoutes, server: server)
        if let tokens = assembly.tokens {
            logger.info("auth on", metadata: ["tokens": "\(tokens.count)"])
        } else {
            logger.warning(
                "auth is off: no --auth-file, every caller can do everything",
                metadata: ["host": "\(options.host)", "insecure": "\(options.auth.insecure)"])
        }
        logger.info(
            "listening",
            metadata: [
                "host": "\(options.host)", "port": "\(port)", "threads": "\(options.threads)",
                "data_dir": "\(options.dataDirectory)", "tls": "\(options.tls.enabled ? "on" : "off")",
                "services": "\(router.serviceNames.joined(separator: ","))",
            ])

        let signal = TerminationSignals.wait()
        logger.info("shutting down", metadata: ["signal": "\(TerminationSignals.name(of: signal))"])
        assembly.beginShutdown()
        server.shutdown(gracePeriod: .milliseconds(Int64(options.shutdownGrace * 1000)))
        metricsServer?.shutdown(gracePeriod: .milliseconds(100))
        assembly.finishShutdown()
        logger.info("stopped")
    }

    /// The /metrics listener on its own transport server (one loop), when --metrics-port is set.
    private func startMetrics(routes: [RPCRoute], server: TCPServer) throws -> TCPServer? {
        let flags = assembly.options.metrics
        guard let metricsPort = flags.metricsPort else { return nil }
        let exposition = MetricsExposition(routes: routes, server: server, store: assembly.persistent.store)
        let metrics = TCPServer(
            configuration: ServerConfiguration(host: flags.metricsHost, port: metricsPort, threads: 1, maxConnections: 64),
            makeHandler: { _ in MetricsHTTPHandler(render: exposition.render) })
        let port = try metrics.start()
        assembly.logger.info("metrics", metadata: ["host": "\(flags.metricsHost)", "port": "\(port)", "path": "/metrics"])
        return metrics
    }
}

/// Start-up failed because another process already listens on the port.
struct PortInUse: Error, CustomStringConvertible {
    let host: String
    let port: Int

    var description: String {
        "port \(port) on \(host) is already in use by another process (another orderlyd?); "
            + "stop it or choose another --port"
    }
}
