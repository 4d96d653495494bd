// The client side of TLSConnectionHandler: opening a TLS connection on an event loop, with the
// codec installed before `connect` returns, so that anything written before the handshake ends is
// held and encrypted afterwards (never sent in the clear), and with the host as the name to
// verify unless the configuration names another.
import OrderlyTransport

extension TLSConnectionHandler {
    /// Opens a TLS connection to `host:port` on `loop` (loop thread only), wrapping `handler`.
    /// The certificate is checked against `serverName`, else the context's configured name, else
    /// `host` (a DNS name is also sent as SNI). `handler.connectionActive` follows once the
    /// handshake has finished with an ALPN protocol of the context; if connecting or the
    /// handshake fails, only `connectionClosed` follows, and `(connection.codec as?
    /// TLSConnectionHandler)?.failure` says why during that call.
    public static func connect(
        on loop: EventLoop, host: String, port: Int, context: TLSContext, serverName: String? = nil,
        handler: any ConnectionHandler
    ) throws -> Connection {
        let name = serverName ?? context.serverName ?? host
        let tls = TLSConnectionHandler(context: context, serverName: name, wrapping: handler)
        let connection = try loop.connect(host: host, port: port, handler: tls)
        connection.codec = tls
        return connection
    }

    /// The peer's address without the port ("[::1]:443" → "::1"), the name a client checks when
    /// it was given none.
    static func host(ofPeer description: String) -> String {
        guard let colon = description.lastIndex(of: ":") else { return description }
        var host = description[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return String(host)
    }
}
