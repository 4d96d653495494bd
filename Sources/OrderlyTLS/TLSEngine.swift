// TLSEngine: one OpenSSL connection (SSL*) driven entirely through two memory BIOs, with no
// socket of its own: ciphertext from the network goes in with `receive`, plaintext comes out of
// `read`, plaintext goes in with `write`, and ciphertext for the network comes out of
// `drainOutput`. That keeps all I/O in our event loop, and lets tests pair two engines in memory.
import COpenSSL
import Glibc

/// The TLS state machine of one connection. Not thread-safe: one loop thread drives it.
public final class TLSEngine {
    /// What `read` produced.
    public enum ReadResult: Equatable {
        /// This many plaintext bytes were placed in the buffer.
        case bytes(Int)
        /// Nothing decrypted yet: more ciphertext must arrive.
        case needMore
        /// The peer sent close_notify: no more plaintext will come.
        case closed
    }

    private let ssl: OpaquePointer
    /// Ciphertext from the peer waits here for OpenSSL (owned by `ssl`).
    private let inbound: OpaquePointer
    /// Ciphertext OpenSSL produced waits here for the socket (owned by `ssl`).
    private let outbound: OpaquePointer

    /// An engine for one connection. `serverName` (client only) is sent as SNI when it is a DNS
    /// name and checked against the certificate; it overrides the context's own name.
    public init(context: TLSContext, serverName: String? = nil) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.pointer) else { throw TLSError.fromQueue("SSL_new failed") }
        let inbound = orderly_bio_new_mem()
        let outbound = orderly_bio_new_mem()
        guard let inbound, let outbound else {
            BIO_free(inbound)
            BIO_free(outbound)
            SSL_free(ssl)
            throw TLSError.fromQueue("cannot allocate memory BIOs")
        }
        SSL_set_bio(ssl, inbound, outbound)
        self.ssl = ssl
        self.inbound = inbound
        self.outbound = outbound
        if context.isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let name = serverName ?? context.serverName, !name.isEmpty {
                try expectPeer(named: name)  // on failure deinit frees `ssl`
            }
        }
    }

    deinit {
        SSL_free(ssl)  // frees both BIOs too
    }

    /// SNI and certificate name check for a client.
    private func expectPeer(named name: String) throws(TLSError) {
        let parameters = SSL_get0_param(ssl)
        if Self.isIPAddress(name) {
            guard X509_VERIFY_PARAM_set1_ip_asc(parameters, name) == 1 else {
                throw TLSError.fromQueue("bad server address \(name)")
            }
        } else {
            guard orderly_ssl_set_tlsext_host_name(ssl, name) == 1, SSL_set1_host(ssl, name) == 1 else {
                throw TLSError.fromQueue("bad server name \(name)")
            }
        }
    }

    private static func isIPAddress(_ name: String) -> Bool {
        var scratch = in6_addr()
        return inet_pton(AF_INET, name, &scratch) == 1 || inet_pton(AF_INET6, name, &scratch) == 1
    }

    /// True once the handshake has finished.
    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// The ALPN protocol the handshake agreed on, if any.
    public var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The negotiated protocol version, e.g. "TLSv1.3".
    public var protocolVersion: String {
        SSL_get_version(ssl).map { String(cString: $0) } ?? "unknown"
    }

    /// Hands ciphertext from the network to OpenSSL.
    public func receive(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let chunk = Int32(clamping: bytes.count - offset)
            let written = BIO_write(inbound, base + offset, chunk)
            guard written > 0 else { throw TLSError.fromQueue("cannot buffer received bytes") }
            offset += Int(written)
        }
    }

    /// Advances the handshake with what has been received; true once it is complete.
    public func handshake() throws(TLSError) -> Bool {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return true }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return false
        default:
            throw failure("TLS handshake failed")
        }
    }

    /// Decrypts up to `buffer.count` bytes of received plaintext.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TLSError) -> ReadResult {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return .needMore }
        ERR_clear_error()
        let result = SSL_read(ssl, base, Int32(clamping: buffer.count))
        if result > 0 { return .bytes(Int(result)) }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needMore
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        default:
            throw failure("TLS read failed")
        }
    }

    /// Encrypts `bytes` (after the handshake); the records wait in `drainOutput`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        ERR_clear_error()
        // A memory BIO never blocks, so one call takes everything (no partial writes).
        let result = SSL_write(ssl, base, Int32(clamping: bytes.count))
        guard result == Int32(clamping: bytes.count) else { throw failure("TLS write failed") }
    }

    /// Queues close_notify. Safe to call in any state; errors are irrelevant at this point.
    public func shutdown() {
        ERR_clear_error()
        guard isHandshakeComplete else { return }
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// Ciphertext waiting to be sent.
    public var pendingOutputCount: Int { Int(BIO_ctrl_pending(outbound)) }

    /// Passes the ciphertext waiting to be sent to `body` (without copying), then discards it.
    public func drainOutput(_ body: (UnsafeRawBufferPointer) -> Void) {
        var data: UnsafeMutablePointer<CChar>?
        let count = BIO_ctrl(outbound, BIO_CTRL_INFO, 0, &data)
        guard count > 0, let data else { return }
        body(UnsafeRawBufferPointer(start: data, count: count))
        _ = BIO_ctrl(outbound, BIO_CTRL_RESET, 0, nil)
    }

    /// An error for `operation` with OpenSSL's reasons, or the certificate verification result.
    private func failure(_ operation: String) -> TLSError {
        let verify = SSL_get_verify_result(ssl)
        if verify != X509_V_OK, let text = X509_verify_cert_error_string(verify) {
            ERR_clear_error()
            return TLSError("\(operation): certificate verification: \(String(cString: text))")
        }
        return TLSError.fromQueue(operation)
    }
}
