// Checks every string field of a message on its wire bytes, before protobuf-c's NUL-terminated
// copies hide where a string really ends. It walks the bytes with the message's protobuf-c
// descriptor, so it covers every string of every message (nested messages, repeated fields, map
// entries and oneofs included) without a list per RPC. It runs after protobuf-c has accepted the
// bytes, so it never has to judge malformed input; where it meets some anyway it stops quietly.
import CProtobufC
import OrderlyRPC

/// Finds the first string field whose bytes `TextRules` refuses.
enum WireTextScanner {
    /// Nested messages deeper than this are refused rather than walked (a stack bound; no
    /// orderly message nests anywhere near it).
    static let maximumDepth = 64

    /// Throws naming the field path (e.g. `lines[1].sku`) when a string in `bytes`, a message of
    /// type `descriptor`, breaks `rules`.
    static func check(
        _ bytes: UnsafeRawBufferPointer, descriptor: UnsafePointer<ProtobufCMessageDescriptor>, rules: TextRules
    ) throws(MessageDecodingError) {
        guard let refusal = scan(bytes, descriptor, rules, depth: 0) else { return }
        throw MessageDecodingError(refusal.description)
    }

    /// Where a refused string is and why.
    struct Refusal: CustomStringConvertible {
        /// Field names from the outermost message inwards, with indexes for repeated fields.
        var path: [String]
        /// The reason (offset and character), from `TextRules.describe`.
        var reason: String

        var description: String { "field \(path.joined(separator: ".")) \(reason)" }
    }

    private static func scan(
        _ bytes: UnsafeRawBufferPointer, _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
        _ rules: TextRules, depth: Int
    ) -> Refusal? {
        var reader = WireReader(bytes)
        while let (number, wireType, start) = reader.nextTag() {
            guard wireType == 2 else {
                guard reader.skip(wireType: wireType) else { return nil }
                continue
            }
            guard let value = reader.lengthDelimited() else { return nil }
            guard let field = protobuf_c_message_descriptor_get_field(descriptor, number) else { continue }
            switch field.pointee.type {
            case PROTOBUF_C_TYPE_STRING:
                if let (offset, byte) = refusedByte(in: value, rules, field) {
                    let component = pathComponent(field, bytes, before: start)
                    return Refusal(path: [component], reason: TextRules.describe(byte: byte, offset: offset))
                }
            case PROTOBUF_C_TYPE_MESSAGE:
                let component = { pathComponent(field, bytes, before: start) }
                guard depth < maximumDepth else {
                    return Refusal(path: [component()], reason: "nests messages more than \(maximumDepth) deep")
                }
                let nested = field.pointee.descriptor.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
                if var refusal = scan(value, nested, rules, depth: depth + 1) {
                    refusal.path.insert(component(), at: 0)
                    return refusal
                }
            default:
                continue
            }
        }
        return nil
    }

    /// The first refused byte of a string field's value. The field's name (is it free text?) is
    /// only looked at when the value holds a control character, so clean strings cost one scan.
    private static func refusedByte(
        in value: UnsafeRawBufferPointer, _ rules: TextRules, _ field: UnsafePointer<ProtobufCFieldDescriptor>
    ) -> (offset: Int, byte: UInt8)? {
        guard let strict = rules.firstRefusedByte(in: value, freeText: false) else { return nil }
        guard strict.byte != 0, rules == .request,
            TextRules.isFreeText(fieldName: String(cString: field.pointee.name))
        else { return strict }
        return rules.firstRefusedByte(in: value, freeText: true)
    }

    /// The field's name, with `[index]` for a repeated field (its occurrences before `offset`);
    /// only computed on the way to an error, so the happy path counts nothing.
    private static func pathComponent(
        _ field: UnsafePointer<ProtobufCFieldDescriptor>, _ bytes: UnsafeRawBufferPointer, before offset: Int
    ) -> String {
        let name = String(cString: field.pointee.name)
        guard field.pointee.label == PROTOBUF_C_LABEL_REPEATED else { return name }
        var reader = WireReader(bytes)
        var index = 0
        while let (number, wireType, start) = reader.nextTag(), start < offset {
            if number == field.pointee.id { index += 1 }
            let skipped = wireType == 2 ? reader.lengthDelimited() != nil : reader.skip(wireType: wireType)
            guard skipped else { break }
        }
        return "\(name)[\(index)]"
    }
}

/// A cursor over protobuf wire bytes: tags, varints and length-delimited values.
private struct WireReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next field's number, wire type and the offset its tag starts at; nil at the end or
    /// on bytes that are not a tag.
    mutating func nextTag() -> (number: UInt32, wireType: UInt64, start: Int)? {
        let start = offset
        guard start < bytes.count, let tag = varint(), tag >> 3 <= UInt64(UInt32.max) else { return nil }
        return (UInt32(tag >> 3), tag & 7, start)
    }

    /// The value of a length-delimited field (the cursor moves past it).
    mutating func lengthDelimited() -> UnsafeRawBufferPointer? {
        guard let length = varint(), length <= UInt64(bytes.count - offset) else { return nil }
        let value = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
        offset += Int(length)
        return value
    }

    /// Moves past a varint, fixed64 or fixed32 value; false for any other wire type.
    mutating func skip(wireType: UInt64) -> Bool {
        switch wireType {
        case 0: return varint() != nil
        case 1: return advance(8)
        case 5: return advance(4)
        default: return false
        }
    }

    private mutating func advance(_ count: Int) -> Bool {
        guard bytes.count - offset >= count else { return false }
        offset += count
        return true
    }

    private mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
