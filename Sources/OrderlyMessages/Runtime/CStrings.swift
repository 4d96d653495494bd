// Reading protobuf-c string and bytes fields into Swift values.
// protobuf-c does not check UTF-8, so this is where invalid text is caught and named.
import CProtobufC
import OrderlyRPC

/// Conversions from protobuf-c's C representations of `string` and `bytes` fields.
enum CStrings {
    /// The Swift string for a protobuf-c `char *` field; throws naming `field` when the bytes are
    /// not valid UTF-8. (A C string ends at its first NUL; `CArena.unpack` has already refused any
    /// string holding U+0000, so nothing is lost here.)
    static func decode(_ pointer: UnsafePointer<CChar>?, field: StaticString) throws(MessageDecodingError) -> String {
        guard let pointer, pointer.pointee != 0 else { return "" }
        guard let string = String(validatingCString: pointer) else {
            throw MessageDecodingError("invalid UTF-8 in field \(field)")
        }
        return string
    }

    /// The Swift byte array for a protobuf-c `bytes` field.
    static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let base = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }
}
