// GRPCChannel over TLS: the same channel with `ChannelConfiguration.tls` set, spelled as an
// initializer argument because it is the one connection setting most callers change.
import OrderlyTLS

extension GRPCChannel {
    /// A channel that speaks TLS (ALPN h2, TLS 1.2+) to `host:port`, with its own loop thread.
    /// The certificate is checked against `tls.serverName`, else `host`. A TLS failure fails the
    /// calls with UNAVAILABLE and a message starting "TLS:".
    public convenience init(
        host: String, port: Int, tls: TLSClientConfiguration, configuration: ChannelConfiguration = ChannelConfiguration()
    ) {
        var configuration = configuration
        configuration.tls = tls
        self.init(host: host, port: port, configuration: configuration)
    }
}
