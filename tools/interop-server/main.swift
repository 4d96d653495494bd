// interop-server: grpc.testing.TestService plus grpc.health.v1.Health on the Orderly engine,
// so the gRPC project's own interop clients can test it. Stops cleanly on SIGINT/SIGTERM.
import Glibc
import Logging
import OrderlyHTTP2
import OrderlyRPC
import OrderlyStandardServices
import OrderlyTransport
import OrderlyZlib

TerminationSignals.block()  // before any thread exists, so every thread inherits the mask
let options = InteropOptions.parseOrExit()
LoggingSystem.bootstrap(StreamLogHandler.standardError)
let logger = Logger(label: "interop-server")

let health = HealthService()
let router = RPCRouter(services: [TestService(), health])
health.markServing(router.serviceNames)
var http2 = HTTP2ServerConfiguration()
http2.serverName = "interop-server (Orderly engine)"
http2.compression = CompressionRegistry(ZlibCompressor.all)
let server = TCPServer(
    configuration: ServerConfiguration(host: options.host, port: options.port, threads: options.threads),
    makeHandler: GRPCConnectionHandler.factory(router: router, configuration: http2))
do {
    let port = try server.start()
    logger.info("listening", metadata: ["host": "\(options.host)", "port": "\(port)"])
} catch {
    logger.critical("cannot listen", metadata: ["error": "\(error)"])
    exit(1)
}
let signal = TerminationSignals.wait()
logger.info("shutting down", metadata: ["signal": "\(TerminationSignals.name(of: signal))"])
health.shutdown()
server.shutdown(gracePeriod: .seconds(5))
