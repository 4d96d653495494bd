// The connection settings behind the TLS flags: any of --tls, --tls-ca (or $ORDERLY_TLS_CA) and
// --tls-server-name turns TLS on; without them the CLI speaks h2c as before.
import OrderlyClient
import OrderlyTLS

extension CommonOptions {
    /// The TLS settings the flags describe, or nil for a plaintext (h2c) connection.
    var tlsConfiguration: TLSClientConfiguration? {
        let caFile = tlsCA ?? environment("ORDERLY_TLS_CA").flatMap { $0.isEmpty ? nil : $0 }
        guard tls || caFile != nil || tlsServerName != nil else { return nil }
        return TLSClientConfiguration(caFile: caFile, serverName: tlsServerName)
    }

    /// The channel's settings, with TLS when asked for.
    func channelConfiguration() -> ChannelConfiguration {
        var configuration = ChannelConfiguration()
        configuration.tls = tlsConfiguration
        return configuration
    }
}
