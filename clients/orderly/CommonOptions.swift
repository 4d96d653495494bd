// The flags every command accepts (CLI.md "Common to every command"), and the connection they
// describe. Each leaf command includes them, so they work after any subcommand.
import ArgumentParser
import OrderlyClient
import OrderlyRPC
#if canImport(Glibc)
import Glibc
#endif

extension MessageEncoding: ExpressibleByArgument {}

/// `--server`, `--token`, `--timeout`, `--compression`, `--json`, and TLS (`--tls`, `--tls-ca`, `--tls-server-name`).
struct CommonOptions: ParsableArguments {
    /// The default server when neither --server nor ORDERLY_SERVER is given.
    static let defaultServer = "127.0.0.1:50051"

    @Option(help: ArgumentHelp(
        "Server address (default: $ORDERLY_SERVER or \(CommonOptions.defaultServer)).", valueName: "host:port"))
    var server: String?

    @Option(help: ArgumentHelp(
        "Bearer token sent as `authorization: Bearer T` (default: $ORDERLY_TOKEN).", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Deadline of each call in seconds; fractions allowed (0.5).", valueName: "seconds"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Compression of request messages: gzip, deflate or identity.", valueName: "encoding"))
    var compression: MessageEncoding = .identity

    @Flag(help: "Print responses as canonical proto3 JSON (streams: one document per line).")
    var json = false

    @Flag(help: "Connect with TLS (ALPN h2), trusting the system CAs unless --tls-ca is given.")
    var tls = false

    @Option(name: .customLong("tls-ca"), help: ArgumentHelp(
        "PEM file of the CA(s) to trust; implies --tls (default: $ORDERLY_TLS_CA).", valueName: "file"))
    var tlsCA: String?

    @Option(name: .customLong("tls-server-name"), help: ArgumentHelp(
        "Name to verify in the server certificate and send as SNI; implies --tls (default: the --server host).",
        valueName: "name"))
    var tlsServerName: String?

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        _ = try endpoint()
    }

    /// Host and port from --server, ORDERLY_SERVER or the default.
    func endpoint() throws -> (host: String, port: Int) {
        let address = server ?? environment("ORDERLY_SERVER") ?? Self.defaultServer
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (1...65535).contains(port)
        else {
            throw ValidationError("server address '\(address)' is not HOST:PORT")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("server address '\(address)' has no host") }
        return (host, port)
    }

    /// Deadline and authorization metadata of every call.
    func callOptions() -> CallOptions {
        var metadata = Metadata()
        if let token = token ?? environment("ORDERLY_TOKEN"), !token.isEmpty {
            metadata.add("authorization", "Bearer \(token)")
        }
        let deadline = timeout.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }
        return CallOptions(timeout: deadline, metadata: metadata, compression: compression)
    }

    /// Opens a channel, runs `body` with it, and closes it whatever happens.
    func withSession<T>(_ body: (Session) async throws -> T) async throws -> T {
        let (host, port) = try endpoint()
        let session = Session(
            channel: GRPCChannel(host: host, port: port, configuration: channelConfiguration()), options: callOptions(),
            json: json)
        defer { session.channel.close() }
        return try await body(session)
    }

    func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
