// TLSContext: one OpenSSL SSL_CTX set up once from a server or client configuration and shared by
// every connection on every loop (SSL_new on a finished context is thread-safe). It fixes the
// policy: TLS 1.2 or newer, forward-secret AEAD ciphers for TLS 1.2 (TLS 1.3's defaults are all
// AEAD), no renegotiation or compression, and ALPN required on the server.
import COpenSSL

/// A configured OpenSSL context for servers or clients.
///
/// Thread ownership: immutable after `init`; OpenSSL allows `SSL_new` from any thread on a
/// context that is no longer being configured, hence `@unchecked Sendable`.
public final class TLSContext: @unchecked Sendable {
    /// True for a server context, false for a client one.
    public let isServer: Bool
    /// The ALPN protocols this side accepts (server) or offers (client), most preferred first.
    public let applicationProtocols: [String]
    /// How long a handshake may take.
    public let handshakeTimeout: Duration
    /// The client's verification and SNI name, if fixed by the configuration.
    let serverName: String?
    let pointer: OpaquePointer
    /// The server's ALPN preference, read by the selection callback through its `arg`.
    private let alpnPreference: ALPNPreference

    /// TLS 1.2 suites: ECDHE key exchange (forward secrecy) with AES-GCM or ChaCha20-Poly1305.
    static let tls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20"

    /// A server context; loads and checks the certificate chain and key.
    public init(server configuration: TLSServerConfiguration) throws(TLSError) {
        isServer = true
        applicationProtocols = configuration.applicationProtocols
        handshakeTimeout = configuration.handshakeTimeout
        serverName = nil
        alpnPreference = ALPNPreference(try alpnWireFormat(configuration.applicationProtocols))
        pointer = try Self.makeContext(method: TLS_server_method())
        let context = pointer
        // Every property is set by now: if a step below throws, deinit frees the context.
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificateChainFile) == 1 else {
            throw TLSError.fromQueue("cannot load certificate chain \(configuration.certificateChainFile)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyFile, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromQueue("cannot load private key \(configuration.privateKeyFile)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.fromQueue("private key does not match the certificate")
        }
        let arg = Unmanaged.passUnretained(alpnPreference).toOpaque()
        SSL_CTX_set_client_hello_cb(context, requireALPNOffer, nil)
        SSL_CTX_set_alpn_select_cb(context, selectALPN, arg)
    }

    /// A client context; loads the trusted CAs (or the system's) when verifying.
    public init(client configuration: TLSClientConfiguration) throws(TLSError) {
        isServer = false
        applicationProtocols = configuration.applicationProtocols
        handshakeTimeout = configuration.handshakeTimeout
        serverName = configuration.serverName
        let wire = try alpnWireFormat(configuration.applicationProtocols)
        alpnPreference = ALPNPreference(wire)
        pointer = try Self.makeContext(method: TLS_client_method())
        let context = pointer
        // Every property is set by now: if a step below throws, deinit frees the context.
        if configuration.verifyPeer {
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            let loaded = if let caFile = configuration.caFile {
                SSL_CTX_load_verify_locations(context, caFile, nil)
            } else {
                SSL_CTX_set_default_verify_paths(context)
            }
            guard loaded == 1 else {
                throw TLSError.fromQueue("cannot load CA certificates \(configuration.caFile ?? "(system)")")
            }
        }
        // Unlike most of OpenSSL, this one returns 0 on success.
        guard wire.isEmpty || SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count)) == 0 else {
            throw TLSError.fromQueue("cannot set ALPN protocols")
        }
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    /// The settings both sides share.
    private static func makeContext(method: OpaquePointer?) throws(TLSError) -> OpaquePointer {
        ERR_clear_error()
        guard let context = SSL_CTX_new(method) else { throw TLSError.fromQueue("SSL_CTX_new failed") }
        orderly_ssl_ctx_set_hardening_options(context)
        guard orderly_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1,
            SSL_CTX_set_cipher_list(context, tls12Ciphers) == 1
        else {
            SSL_CTX_free(context)
            throw TLSError.fromQueue("cannot apply the TLS policy")
        }
        return context
    }
}

/// The server's ALPN list in wire form, kept alive by its context for the selection callback.
final class ALPNPreference {
    let wire: [UInt8]

    init(_ wire: [UInt8]) {
        self.wire = wire
    }

    /// The offset and length in `offered` (wire form) of the most preferred protocol both
    /// sides know, or nil. Malformed offers find nothing.
    func select(from offered: UnsafeBufferPointer<UInt8>) -> (offset: Int, length: Int)? {
        var ours = 0
        while ours < wire.count {
            let length = Int(wire[ours])
            let name = wire[(ours + 1)..<(ours + 1 + length)]
            var theirs = 0
            while theirs < offered.count {
                let offeredLength = Int(offered[theirs])
                let end = theirs + 1 + offeredLength
                guard end <= offered.count else { break }
                if offeredLength == length && offered[(theirs + 1)..<end].elementsEqual(name) {
                    return (theirs + 1, length)
                }
                theirs = end
            }
            ours += 1 + length
        }
        return nil
    }
}

/// ClientHello callback: a client that offers no ALPN at all is refused with the
/// `no_application_protocol` alert, as gRPC requires (the selection callback only runs when
/// the extension is present).
private func requireALPNOffer(
    _ ssl: OpaquePointer?, _ alert: UnsafeMutablePointer<Int32>?, _ arg: UnsafeMutableRawPointer?
) -> Int32 {
    var data: UnsafePointer<UInt8>?
    var length = 0
    guard SSL_client_hello_get0_ext(ssl, UInt32(TLSEXT_TYPE_application_layer_protocol_negotiation), &data, &length) == 1
    else {
        alert?.pointee = SSL_AD_NO_APPLICATION_PROTOCOL
        return SSL_CLIENT_HELLO_ERROR
    }
    return SSL_CLIENT_HELLO_SUCCESS
}

/// ALPN selection callback: the server's most preferred protocol that the client offered, or a
/// fatal `no_application_protocol` alert.
private func selectALPN(
    _ ssl: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ outLength: UnsafeMutablePointer<UInt8>?, _ offered: UnsafePointer<UInt8>?, _ offeredLength: UInt32,
    _ arg: UnsafeMutableRawPointer?
) -> Int32 {
    guard let arg, let offered, let out, let outLength else { return SSL_TLSEXT_ERR_ALERT_FATAL }
    let preference = Unmanaged<ALPNPreference>.fromOpaque(arg).takeUnretainedValue()
    guard let match = preference.select(from: UnsafeBufferPointer(start: offered, count: Int(offeredLength))) else {
        return SSL_TLSEXT_ERR_ALERT_FATAL
    }
    out.pointee = offered + match.offset
    outLength.pointee = UInt8(match.length)
    return SSL_TLSEXT_ERR_OK
}
