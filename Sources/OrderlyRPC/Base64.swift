// Base64 for binary (`-bin`) metadata values. gRPC asks senders to omit padding and receivers to
// accept values with or without it (PROTOCOL-HTTP2.md, "Custom-Metadata").

/// Standard-alphabet base64, as used for `-bin` metadata.
public enum Base64 {
    /// Encodes `bytes`; `padded: false` (the default) is what gRPC senders should emit.
    public static func encode(_ bytes: some Collection<UInt8>, padded: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let chunk = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            out.append(alphabet[Int(chunk >> 18 & 0x3F)])
            out.append(alphabet[Int(chunk >> 12 & 0x3F)])
            if second != nil {
                out.append(alphabet[Int(chunk >> 6 & 0x3F)])
            } else if padded {
                out.append(UInt8(ascii: "="))
            }
            if third != nil {
                out.append(alphabet[Int(chunk & 0x3F)])
            } else if padded {
                out.append(UInt8(ascii: "="))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded or unpadded base64; nil when the text is not base64.
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var sawPadding = false
        var count = 0
        for byte in text {
            count += 1
            if byte == UInt8(ascii: "=") {
                sawPadding = true
                continue
            }
            guard !sawPadding, let value = decodeTable[Int(byte)] else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // A lone trailing sextet cannot encode a byte; padding, if present, must complete a quad.
        if bits == 6 || (sawPadding && count % 4 != 0) {
            return nil
        }
        return out
    }

    /// Decodes the UTF-8 of `text`.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(text.utf8)
    }

    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decodeTable: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (index, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()
}
