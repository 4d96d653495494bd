// A handle on a protoc-c message descriptor, the only thing the JSON encoder needs per type.
import CProtobufC

/// Points at a static `ProtobufCMessageDescriptor` emitted by protoc-c (lives for the process).
public struct MessageDescriptor: @unchecked Sendable {
    /// The static descriptor.
    public let pointer: UnsafePointer<ProtobufCMessageDescriptor>

    /// Wraps a descriptor address.
    public init(_ pointer: UnsafePointer<ProtobufCMessageDescriptor>) {
        self.pointer = pointer
    }

    /// The descriptor a protoc-c `*__init` function stores in the struct it initialises; this
    /// yields the static descriptor's real address (Swift cannot take a C global's address).
    public init<C>(initializer: (UnsafeMutablePointer<C>?) -> Void) {
        let storage = UnsafeMutablePointer<C>.allocate(capacity: 1)
        defer { storage.deallocate() }
        initializer(storage)
        let base = UnsafeRawPointer(storage).assumingMemoryBound(to: ProtobufCMessage.self)
        self.pointer = base.pointee.descriptor
    }

    /// Full protobuf name, e.g. `orderly.v1.Order`.
    public var fullName: String { String(cString: pointer.pointee.name) }
}
