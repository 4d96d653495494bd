// Map fields: protobuf-c has no map type, protoc lowers `map<K, V>` to a repeated nested
// `...Entry` message with fields key = 1 and value = 2; proto3 JSON writes those as an object.
import CProtobufC

/// Recognises lowered map fields and encodes them as JSON objects.
enum MapEntries {
    /// The object form, or nil when the repeated message field is not a map.
    static func value(
        _ array: UnsafeRawPointer, count: Int, field: UnsafePointer<ProtobufCFieldDescriptor>
    ) -> JSONValue? {
        guard let entry = field.pointee.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self),
              isMapEntry(entry, field: field),
              let keyField = protobuf_c_message_descriptor_get_field(entry, 1),
              let valueField = protobuf_c_message_descriptor_get_field(entry, 2)
        else { return nil }
        var members: [(String, JSONValue)] = []
        for index in 0..<count {
            guard let item = (array + index * MemoryLayout<UnsafeRawPointer>.stride).load(as: UnsafeRawPointer?.self)
            else { continue }
            let key = MessageWalker.scalar(item + Int(keyField.pointee.offset), keyField, presenceKnown: true)
            let keyText: String
            switch key {
            case .string(let text)?, .number(let text)?: keyText = text
            case .bool(let flag)?: keyText = flag ? "true" : "false"
            default: keyText = ""
            }
            let value = MessageWalker.scalar(item + Int(valueField.pointee.offset), valueField, presenceKnown: true)
            members.append((keyText, value ?? defaultValue(valueField)))
        }
        return .object(members)
    }

    /// protoc names the entry `<FieldInCamelCase>Entry` and gives it exactly key and value.
    static func isMapEntry(
        _ entry: UnsafePointer<ProtobufCMessageDescriptor>, field: UnsafePointer<ProtobufCFieldDescriptor>
    ) -> Bool {
        guard entry.pointee.n_fields == 2 else { return false }
        let fieldName = String(cString: field.pointee.name)
        let camel = MessageWalker.jsonName(fieldName)
        let expected = (camel.first.map { String($0).uppercased() } ?? "") + camel.dropFirst() + "Entry"
        let names = (0..<2).map { String(cString: entry.pointee.fields[$0].name) }
        return String(cString: entry.pointee.short_name) == expected && names == ["key", "value"]
    }

    /// A map value left at its default is still written (maps have no presence).
    private static func defaultValue(_ field: UnsafePointer<ProtobufCFieldDescriptor>) -> JSONValue {
        switch field.pointee.type {
        case PROTOBUF_C_TYPE_STRING, PROTOBUF_C_TYPE_BYTES: return .string("")
        case PROTOBUF_C_TYPE_BOOL: return .bool(false)
        case PROTOBUF_C_TYPE_MESSAGE: return .object([])
        case PROTOBUF_C_TYPE_ENUM: return MessageWalker.enumValue(0, field)
        case PROTOBUF_C_TYPE_INT64, PROTOBUF_C_TYPE_SINT64, PROTOBUF_C_TYPE_SFIXED64,
             PROTOBUF_C_TYPE_UINT64, PROTOBUF_C_TYPE_FIXED64:
            return .string("0")
        default: return .number("0")
        }
    }
}
