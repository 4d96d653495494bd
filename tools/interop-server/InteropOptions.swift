// The interop server's command line: the flags the gRPC project's interop harness passes
// (`--port N`, `--use_tls=false`), plus host and threads.
import ArgumentParser
import OrderlyTransport

/// The flags of `interop-server`.
struct InteropOptions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interop-server", abstract: "grpc.testing.TestService (and health) on the Orderly engine.")

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on.")
    var port = 10000

    @Option(help: "Event-loop threads (default: the number of cores).")
    var threads = ServerConfiguration.activeCores

    @Option(name: .customLong("use_tls"), help: "Accepted for the interop harness; only false is supported.")
    var useTLS = "false"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard useTLS == "false" else { throw ValidationError("TLS is not supported (--use_tls=false)") }
    }
}
