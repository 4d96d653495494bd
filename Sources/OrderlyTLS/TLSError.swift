// TLSError: what went wrong in OpenSSL, with the library's own error queue text so a bad
// certificate path or a refused handshake is explained in the log rather than as a number.
import COpenSSL

/// A TLS set-up or handshake failure.
public struct TLSError: Error, CustomStringConvertible, Sendable {
    /// What was being done, followed by OpenSSL's reasons (if it gave any).
    public let description: String

    /// An error with a fixed message.
    public init(_ description: String) {
        self.description = description
    }

    /// An error for `operation` carrying (and clearing) this thread's OpenSSL error queue.
    static func fromQueue(_ operation: String) -> TLSError {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return TLSError(reasons.isEmpty ? operation : "\(operation): \(reasons.joined(separator: "; "))")
    }
}
