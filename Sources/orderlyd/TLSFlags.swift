// orderlyd's TLS flags: --tls-cert and --tls-key turn the listener from h2c into TLS (ALPN h2,
// TLS 1.2+), and the TLS context they describe is built once at start-up so a bad file stops
// the server with OpenSSL's reason instead of failing every connection later.
import ArgumentParser
import OrderlyTLS
import OrderlyTransport

/// The flags that enable TLS on the listener.
struct TLSFlags: ParsableArguments {
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain (server certificate first); with --tls-key, serve TLS with ALPN h2 instead of h2c.")
    var certificateFile: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert (unencrypted).")
    var keyFile: String?

    @Option(name: .customLong("tls-handshake-timeout"), help: "Seconds a client has from connecting to finishing the TLS handshake.")
    var handshakeTimeout = 10.0

    func validate() throws {
        guard (certificateFile == nil) == (keyFile == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        guard handshakeTimeout > 0, handshakeTimeout.isFinite else {
            throw ValidationError("--tls-handshake-timeout must be a positive number of seconds")
        }
    }

    /// True when the listener speaks TLS.
    var enabled: Bool { certificateFile != nil }

    /// Wraps `makeHandler` in TLS when enabled; throws if the certificate or key cannot be used.
    func wrap(
        _ makeHandler: @escaping @Sendable (Connection) -> any ConnectionHandler
    ) throws -> @Sendable (Connection) -> any ConnectionHandler {
        guard let certificateFile, let keyFile else { return makeHandler }
        let context = try TLSContext(
            server: TLSServerConfiguration(
                certificateChainFile: certificateFile, privateKeyFile: keyFile,
                handshakeTimeout: .milliseconds(Int64(handshakeTimeout * 1000))))
        return TLSConnectionHandler.serverFactory(context: context, wrapping: makeHandler)
    }
}
