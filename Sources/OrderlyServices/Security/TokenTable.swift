// The auth file: one token a line as `<sha256 hex of the token> <role>`, `#` starts a comment.
// Only digests are kept; a presented token is hashed and compared with every entry in constant
// time (no early exit, no data-dependent branch on the digest bytes).

/// The known tokens, by digest, with their roles.
public struct TokenTable: Sendable {
    /// A line of the auth file that cannot be used.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// The 1-based line number.
        public let line: Int
        /// What is wrong with it.
        public let reason: String
        /// "line 3: ...".
        public var description: String { "line \(line): \(reason)" }
    }

    private var entries: [(digest: [UInt8], role: Role)] = []

    /// The number of tokens.
    public var count: Int { entries.count }

    /// Parses the auth file's text; any bad line is an error (a typo must not silently drop a
    /// token or grant a role).
    public init(parsing text: String) throws(ParseError) {
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw ParseError(line: index + 1, reason: "expected `<sha256 hex> <role>`")
            }
            guard let digest = Self.decodeHex(fields[0]), digest.count == 32 else {
                throw ParseError(line: index + 1, reason: "the first field must be 64 hex digits (a SHA-256)")
            }
            guard let role = Role(parsing: fields[1]) else {
                throw ParseError(
                    line: index + 1,
                    reason: "unknown role \(fields[1]) (admin, warehouse, viewer, channel:<web|mobile-app|pos|marketplace|erp>)"
                )
            }
            entries.append((digest, role))
        }
    }

    /// The role of `token`, or nil when no entry matches. Every entry is compared in full.
    public func role(forToken token: some StringProtocol) -> Role? {
        let digest = SHA256.hash(Array(token.utf8))
        var found: Role?
        for entry in entries {
            var difference: UInt8 = 0
            for index in 0..<32 { difference |= entry.digest[index] ^ digest[index] }
            if difference == 0, found == nil { found = entry.role }
        }
        return found
    }

    private static func decodeHex(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var high: UInt8?
        for char in text.utf8 {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? bytes : nil
    }
}
