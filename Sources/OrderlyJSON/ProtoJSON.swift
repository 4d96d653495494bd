// The canonical proto3 JSON mapping for any message, driven only by protobuf-c descriptors:
// the bytes are unpacked with libprotobuf-c and the resulting struct is walked field by field
// (offsets, labels and types come from ProtobufCFieldDescriptor). No per-message code.
import CProtobufC
import OrderlyRPC

/// Thrown when bytes do not unpack as the given message type.
public struct ProtoJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    public let description: String
}

/// Encodes protobuf messages as proto3 JSON (lowerCamelCase names, enum names, 64-bit integers
/// as strings, Timestamp/Duration as strings, default values omitted).
public enum ProtoJSON {
    /// The JSON value of `message`, whose protobuf-c descriptor is `descriptor`.
    public static func value(of message: some RPCMessage, descriptor: MessageDescriptor) throws -> JSONValue {
        try value(ofSerialized: message.serializedBytes(), descriptor: descriptor)
    }

    /// The JSON text of `message`: one line, or indented when `pretty`.
    public static func encode(
        _ message: some RPCMessage, descriptor: MessageDescriptor, pretty: Bool = false
    ) throws -> String {
        try value(of: message, descriptor: descriptor).text(pretty: pretty)
    }

    /// The JSON value of serialized `bytes` of the message type `descriptor`.
    public static func value(ofSerialized bytes: [UInt8], descriptor: MessageDescriptor) throws -> JSONValue {
        // protobuf-c owns the unpacked tree (default allocator); freed before returning.
        let unpacked = bytes.withUnsafeBufferPointer { buffer -> UnsafeMutablePointer<ProtobufCMessage>? in
            var empty: UInt8 = 0
            return withUnsafePointer(to: &empty) { emptyPointer in
                protobuf_c_message_unpack(descriptor.pointer, nil, buffer.count, buffer.baseAddress ?? emptyPointer)
            }
        }
        guard let unpacked else {
            throw ProtoJSONError(description: "bytes are not a valid \(descriptor.fullName)")
        }
        defer { protobuf_c_message_free_unpacked(unpacked, nil) }
        return MessageWalker.object(UnsafeRawPointer(unpacked), descriptor.pointer)
    }
}

/// Walks one unpacked protobuf-c struct; every function reads memory at descriptor offsets.
enum MessageWalker {
    static func object(
        _ message: UnsafeRawPointer, _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>
    ) -> JSONValue {
        let name = String(cString: descriptor.pointee.name)
        if let special = WellKnownTypes.value(message, fullName: name, descriptor: descriptor) {
            return special
        }
        var members: [(String, JSONValue)] = []
        for index in 0..<Int(descriptor.pointee.n_fields) {
            let field = descriptor.pointee.fields + index
            if let value = fieldValue(message, field) {
                members.append((jsonName(String(cString: field.pointee.name)), value))
            }
        }
        return .object(members)
    }

    /// The field's JSON value, or nil when proto3 JSON omits it (default / unset).
    static func fieldValue(_ message: UnsafeRawPointer, _ field: UnsafePointer<ProtobufCFieldDescriptor>) -> JSONValue? {
        let f = field.pointee
        let slot = message + Int(f.offset)
        if f.label == PROTOBUF_C_LABEL_REPEATED {
            let count = (message + Int(f.quantifier_offset)).loadUnaligned(as: Int.self)
            guard count > 0, let array = slot.load(as: UnsafeRawPointer?.self) else { return nil }
            if f.type == PROTOBUF_C_TYPE_MESSAGE, let map = MapEntries.value(array, count: count, field: field) {
                return map
            }
            let stride = elementStride(f.type)
            return .array((0..<count).map { scalar(array + $0 * stride, field, presenceKnown: true) ?? .null })
        }
        if f.flags & UInt32(PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue) != 0 {
            let chosen = (message + Int(f.quantifier_offset)).load(as: UInt32.self)
            return chosen == f.id ? scalar(slot, field, presenceKnown: true) : nil
        }
        if f.label == PROTOBUF_C_LABEL_OPTIONAL, hasPresenceFlag(f.type) {
            let present = (message + Int(f.quantifier_offset)).load(as: Int32.self) != 0
            return present ? scalar(slot, field, presenceKnown: true) : nil
        }
        return scalar(slot, field, presenceKnown: false)
    }

    /// One value at `slot`; when `presenceKnown` is false, proto3 defaults give nil.
    static func scalar(
        _ slot: UnsafeRawPointer, _ field: UnsafePointer<ProtobufCFieldDescriptor>, presenceKnown: Bool
    ) -> JSONValue? {
        let f = field.pointee
        func keep(_ isDefault: Bool, _ value: @autoclosure () -> JSONValue) -> JSONValue? {
            (isDefault && !presenceKnown) ? nil : value()
        }
        switch f.type {
        case PROTOBUF_C_TYPE_INT32, PROTOBUF_C_TYPE_SINT32, PROTOBUF_C_TYPE_SFIXED32:
            let v = slot.load(as: Int32.self)
            return keep(v == 0, .number(String(v)))
        case PROTOBUF_C_TYPE_UINT32, PROTOBUF_C_TYPE_FIXED32:
            let v = slot.load(as: UInt32.self)
            return keep(v == 0, .number(String(v)))
        case PROTOBUF_C_TYPE_INT64, PROTOBUF_C_TYPE_SINT64, PROTOBUF_C_TYPE_SFIXED64:
            let v = slot.loadUnaligned(as: Int64.self)
            return keep(v == 0, .string(String(v)))
        case PROTOBUF_C_TYPE_UINT64, PROTOBUF_C_TYPE_FIXED64:
            let v = slot.loadUnaligned(as: UInt64.self)
            return keep(v == 0, .string(String(v)))
        case PROTOBUF_C_TYPE_FLOAT:
            let v = slot.load(as: Float.self)
            return keep(v == 0 && v.sign == .plus, number(Double(v), shortest: v.description))
        case PROTOBUF_C_TYPE_DOUBLE:
            let v = slot.loadUnaligned(as: Double.self)
            return keep(v == 0 && v.sign == .plus, number(v, shortest: v.description))
        case PROTOBUF_C_TYPE_BOOL:
            let v = slot.load(as: Int32.self) != 0
            return keep(!v, .bool(v))
        case PROTOBUF_C_TYPE_ENUM:
            let v = slot.load(as: Int32.self)
            return keep(v == 0, enumValue(v, field))
        case PROTOBUF_C_TYPE_STRING:
            guard let cString = slot.load(as: UnsafePointer<CChar>?.self) else { return nil }
            let text = String(cString: cString)  // invalid UTF-8 becomes U+FFFD, never a crash
            return keep(text.isEmpty, .string(text))
        case PROTOBUF_C_TYPE_BYTES:
            let data = slot.load(as: ProtobufCBinaryData.self)
            let bytes = data.len > 0 && data.data != nil ? Array(UnsafeBufferPointer(start: data.data, count: data.len)) : []
            return keep(bytes.isEmpty, .string(Base64Encoding.encode(bytes)))
        case PROTOBUF_C_TYPE_MESSAGE:
            guard let nested = slot.load(as: UnsafeRawPointer?.self),
                  let nestedDescriptor = f.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
            else { return nil }
            return object(nested, nestedDescriptor)
        default:
            return nil
        }
    }

    /// proto3 JSON numbers: integral doubles print without `.0`; NaN and infinities are strings.
    static func number(_ value: Double, shortest: String) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value < 0 ? "-Infinity" : "Infinity") }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(shortest)
    }

    static func enumValue(_ raw: Int32, _ field: UnsafePointer<ProtobufCFieldDescriptor>) -> JSONValue {
        if let enumDescriptor = field.pointee.descriptor?.assumingMemoryBound(to: ProtobufCEnumDescriptor.self),
           let known = protobuf_c_enum_descriptor_get_value(enumDescriptor, raw) {
            return .string(String(cString: known.pointee.name))
        }
        return .number(String(raw))  // an enum number this build does not know
    }

    /// Size of one element of a repeated field's C array.
    static func elementStride(_ type: ProtobufCType) -> Int {
        switch type {
        case PROTOBUF_C_TYPE_INT64, PROTOBUF_C_TYPE_SINT64, PROTOBUF_C_TYPE_SFIXED64,
             PROTOBUF_C_TYPE_UINT64, PROTOBUF_C_TYPE_FIXED64, PROTOBUF_C_TYPE_DOUBLE:
            return 8
        case PROTOBUF_C_TYPE_STRING, PROTOBUF_C_TYPE_MESSAGE:
            return MemoryLayout<UnsafeRawPointer>.stride
        case PROTOBUF_C_TYPE_BYTES:
            return MemoryLayout<ProtobufCBinaryData>.stride
        default:
            return 4  // int32 family, float, bool (protobuf_c_boolean), enums (int-sized)
        }
    }

    /// Scalars of proto2/proto3-`optional` fields carry a `has_` flag; pointers do not.
    static func hasPresenceFlag(_ type: ProtobufCType) -> Bool {
        type != PROTOBUF_C_TYPE_STRING && type != PROTOBUF_C_TYPE_MESSAGE
    }

    /// protoc's default json_name: drop underscores, upper-case the letter after each.
    static func jsonName(_ protoName: String) -> String {
        var result = ""
        var upperNext = false
        for char in protoName {
            if char == "_" {
                upperNext = true
            } else if upperNext {
                result += char.uppercased()
                upperNext = false
            } else {
                result.append(char)
            }
        }
        return result
    }
}
