// One embedded .proto file: its serialized FileDescriptorProto and what it defines.

/// One .proto file as a serialized `google.protobuf.FileDescriptorProto`.
public struct DescriptorFile: Sendable, Equatable {
    /// The file's import path, e.g. `orderly/v1/orders.proto`.
    public let name: String
    /// Import paths of the files this one imports.
    public let dependencies: [String]
    /// Fully-qualified names defined here: messages (nested too), enums, services, methods.
    public let symbols: [String]
    /// The serialized FileDescriptorProto (with source comments).
    public let bytes: [UInt8]

    init(name: String, dependencies: [String], symbols: [String], base64: String) {
        self.name = name
        self.dependencies = dependencies
        self.symbols = symbols
        // The literal comes from the generator; a decoding failure would be a generator bug,
        // and an empty descriptor then shows up in the reflection tests rather than a crash.
        self.bytes = Base64.decode(base64) ?? []
    }
}
