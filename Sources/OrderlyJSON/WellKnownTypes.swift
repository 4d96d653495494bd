// Well-known types whose proto3 JSON form is not an object: Timestamp and Duration as strings,
// the wrapper types as their bare value.
import CProtobufC

/// Special JSON forms chosen by the message's full name.
enum WellKnownTypes {
    /// The special form, or nil when the message is encoded as an ordinary object.
    static func value(
        _ message: UnsafeRawPointer, fullName: String, descriptor: UnsafePointer<ProtobufCMessageDescriptor>
    ) -> JSONValue? {
        switch fullName {
        case "google.protobuf.Timestamp":
            let (seconds, nanos) = secondsAndNanos(message, descriptor)
            return RFC3339.format(seconds: seconds, nanos: nanos).map(JSONValue.string)
        case "google.protobuf.Duration":
            let (seconds, nanos) = secondsAndNanos(message, descriptor)
            return .string(duration(seconds: seconds, nanos: nanos))
        case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
             "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
             "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue":
            guard descriptor.pointee.n_fields == 1 else { return nil }
            return MessageWalker.scalar(message + Int(descriptor.pointee.fields.pointee.offset),
                                        descriptor.pointee.fields, presenceKnown: true)
        default:
            return nil
        }
    }

    /// Fields 1 (`seconds`, int64) and 2 (`nanos`, int32) read through the descriptor.
    private static func secondsAndNanos(
        _ message: UnsafeRawPointer, _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>
    ) -> (Int64, Int32) {
        var seconds: Int64 = 0
        var nanos: Int32 = 0
        if let field = protobuf_c_message_descriptor_get_field(descriptor, 1) {
            seconds = (message + Int(field.pointee.offset)).loadUnaligned(as: Int64.self)
        }
        if let field = protobuf_c_message_descriptor_get_field(descriptor, 2) {
            nanos = (message + Int(field.pointee.offset)).load(as: Int32.self)
        }
        return (seconds, nanos)
    }

    /// `1.5s`, `-0.250s`, `3s`: seconds with 0, 3, 6 or 9 fraction digits.
    static func duration(seconds: Int64, nanos: Int32) -> String {
        let negative = seconds < 0 || nanos < 0
        let whole = seconds.magnitude
        let fraction = Int64(nanos).magnitude
        var text = (negative ? "-" : "") + String(whole)
        if fraction != 0 {
            let (digits, width): (UInt64, Int) =
                fraction % 1_000_000 == 0 ? (fraction / 1_000_000, 3)
                : fraction % 1000 == 0 ? (fraction / 1000, 6) : (fraction, 9)
            let raw = String(digits)
            text += "." + String(repeating: "0", count: width - raw.count) + raw
        }
        return text + "s"
    }
}
