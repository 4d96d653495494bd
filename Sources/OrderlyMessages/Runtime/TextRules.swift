// Which characters a string field may hold, decided on its UTF-8 bytes.
// protobuf-c hands strings over as NUL-terminated `char *`, so a U+0000 inside one would silently
// cut it (`req-1\0a` and `req-1\0b` would be one idempotency key): U+0000 is refused everywhere.
// A client's request is held to more: ids, names and codes may not hold control characters,
// which only free text (a description, note, message or reason) may carry.

/// The rule a decoder holds string fields to.
public enum TextRules: Sendable, Equatable {
    /// Only U+0000 is refused: no string is ever shortened. Used for bytes the server or client
    /// reads back (responses), so text stored before the stricter rule still decodes.
    case complete
    /// What the server accepts from a client: no U+0000 anywhere; no C0 control character
    /// (U+0001–U+001F) and no U+007F outside free-text fields.
    case request

    /// Field names whose values are free text for people to read; they may hold tabs, line
    /// breaks and other control characters (never U+0000).
    public static let freeTextFieldNames: Set<String> = ["description", "note", "message", "reason"]

    /// Whether a field of this (proto) name is free text.
    public static func isFreeText(fieldName: String) -> Bool {
        freeTextFieldNames.contains(fieldName)
    }

    /// The first byte of `utf8` these rules refuse in a field that is (or is not) free text, with
    /// its offset; nil when the value is acceptable. Control characters are single bytes in UTF-8
    /// (never part of a multi-byte sequence), so a byte scan is exact.
    public func firstRefusedByte(in utf8: UnsafeRawBufferPointer, freeText: Bool) -> (offset: Int, byte: UInt8)? {
        let strict = self == .request && !freeText
        for (offset, byte) in utf8.enumerated() {
            if byte == 0 || (strict && (byte < 0x20 || byte == 0x7F)) {
                return (offset, byte)
            }
        }
        return nil
    }

    /// The client-facing reason a refused byte is refused, e.g. "holds U+0000 at byte 5".
    static func describe(byte: UInt8, offset: Int) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        let scalar = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        if byte == 0 {
            return "holds \(scalar) (NUL) at byte \(offset); no string may contain U+0000"
        }
        return "holds the control character \(scalar) at byte \(offset); only free-text fields "
            + "(\(freeTextFieldNames.sorted().joined(separator: ", "))) may contain control characters"
    }
}
