// The two TLS configurations: a server's (certificate chain and key, PEM files) and a client's
// (trusted CAs, the name to verify and send as SNI). Both default to ALPN "h2", TLS 1.2 or newer.

/// How a server terminates TLS.
public struct TLSServerConfiguration: Sendable {
    /// PEM file with the server certificate, optionally followed by its intermediates.
    public var certificateChainFile: String
    /// PEM file with the certificate's private key (unencrypted).
    public var privateKeyFile: String
    /// ALPN protocols the server accepts, most preferred first. A client that offers none of
    /// them (or no ALPN at all) is refused with a `no_application_protocol` alert. Default h2.
    public var applicationProtocols: [String]
    /// How long a connection may take from accept to a finished handshake. Default 10 s.
    public var handshakeTimeout: Duration

    /// A configuration with the documented defaults.
    public init(
        certificateChainFile: String, privateKeyFile: String,
        applicationProtocols: [String] = ["h2"], handshakeTimeout: Duration = .seconds(10)
    ) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
        self.applicationProtocols = applicationProtocols
        self.handshakeTimeout = handshakeTimeout
    }
}

/// How a client speaks TLS to a server.
public struct TLSClientConfiguration: Sendable {
    /// PEM file of the CA certificates to trust; nil trusts the system's default store.
    public var caFile: String?
    /// The name sent as SNI and checked against the server certificate (DNS name or IP
    /// literal; an IP is verified but not sent as SNI). Nil: the host given to `connect`.
    public var serverName: String?
    /// ALPN protocols to offer; the handshake fails unless the server picks one. Default h2.
    public var applicationProtocols: [String]
    /// Whether to verify the server's certificate chain and name. Turn off only for tests.
    public var verifyPeer: Bool
    /// How long the handshake may take once connected. Default 10 s.
    public var handshakeTimeout: Duration

    /// A configuration with the documented defaults.
    public init(
        caFile: String? = nil, serverName: String? = nil, applicationProtocols: [String] = ["h2"],
        verifyPeer: Bool = true, handshakeTimeout: Duration = .seconds(10)
    ) {
        self.caFile = caFile
        self.serverName = serverName
        self.applicationProtocols = applicationProtocols
        self.verifyPeer = verifyPeer
        self.handshakeTimeout = handshakeTimeout
    }
}

/// ALPN's wire form: each protocol name as a length byte followed by the name.
func alpnWireFormat(_ protocols: [String]) throws(TLSError) -> [UInt8] {
    var wire: [UInt8] = []
    for name in protocols {
        let bytes = Array(name.utf8)
        guard (1...255).contains(bytes.count) else { throw TLSError("ALPN protocol name \"\(name)\" must be 1 to 255 bytes") }
        wire.append(UInt8(bytes.count))
        wire += bytes
    }
    return wire
}
