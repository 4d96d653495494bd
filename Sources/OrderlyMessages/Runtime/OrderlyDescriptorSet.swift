// The protobuf descriptors of every service the server speaks, embedded at build time by
// tools/gen-protos: what the reflection services answer and what the status page lists.

/// The embedded descriptor set.
public enum OrderlyDescriptorSet {
    /// Every file, dependencies before dependents (as `protoc --include_imports` orders them).
    public static let files: [DescriptorFile] = generatedFiles

    /// The whole set as a serialized `google.protobuf.FileDescriptorSet`.
    public static let bytes: [UInt8] = {
        var out: [UInt8] = []
        for file in generatedFiles {
            out.append(0x0A)  // field 1 (file), length-delimited
            var length = UInt64(file.bytes.count)
            while length >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: length) | 0x80)
                length >>= 7
            }
            out.append(UInt8(length))
            out.append(contentsOf: file.bytes)
        }
        return out
    }()

    /// Every service declared in the set (ours and the standard gRPC ones).
    public static let services: [ServiceDescription] = generatedServices

    /// The file that defines a fully-qualified symbol (message, enum, service or method).
    public static func file(containingSymbol symbol: String) -> DescriptorFile? {
        files.first { $0.symbols.contains(symbol) }
    }

    /// The file with the given import path.
    public static func file(named name: String) -> DescriptorFile? {
        files.first { $0.name == name }
    }
}
