// The answers of server reflection, independent of the protocol version: v1 and v1alpha ask the
// same questions with different message types, so both adapters translate to and from these.
// Everything comes from the descriptors embedded by tools/gen-protos (OrderlyDescriptorSet).
import OrderlyMessages

/// A reflection question, whatever the protocol version.
enum ReflectionQuery: Equatable {
    case fileByFilename(String)
    case fileContainingSymbol(String)
    case fileContainingExtension(type: String, number: Int32)
    case allExtensionNumbersOfType(String)
    case listServices
    case missing
}

/// A reflection answer, whatever the protocol version.
enum ReflectionAnswer: Equatable {
    /// Serialized FileDescriptorProtos: the one asked for first, then its unsent dependencies.
    case files([[UInt8]])
    case services([String])
    case extensionNumbers(type: String, numbers: [Int32])
    /// `code` is a gRPC status number, as the protocol's ErrorResponse carries it.
    case error(code: Int32, message: String)
}

/// Answers reflection questions from a set of descriptor files. One value per stream: it
/// remembers which files the stream has already received, so dependencies are sent once.
struct ReflectionIndex {
    let files: [DescriptorFile]
    let services: [String]
    private var sent: Set<String> = []

    init(files: [DescriptorFile] = OrderlyDescriptorSet.files, services: [String]) {
        self.files = files
        self.services = services
    }

    mutating func answer(_ query: ReflectionQuery) -> ReflectionAnswer {
        switch query {
        case .fileByFilename(let name):
            guard let file = files.first(where: { $0.name == name }) else {
                return .error(code: 5, message: "file \(name) not found")
            }
            return .files(withDependencies(file))
        case .fileContainingSymbol(let symbol):
            guard let file = file(defining: symbol) else {
                return .error(code: 5, message: "symbol \(symbol) not found")
            }
            return .files(withDependencies(file))
        case .fileContainingExtension(let type, let number):
            return .error(code: 5, message: "extension \(number) of \(type) not found")
        case .allExtensionNumbersOfType(let type):
            guard file(defining: type) != nil else {
                return .error(code: 5, message: "type \(type) not found")
            }
            return .extensionNumbers(type: type, numbers: [])
        case .listServices:
            return .services(services)
        case .missing:
            return .error(code: 3, message: "the request asks nothing")
        }
    }

    /// The file defining `symbol`: a message, enum, service or method, with or without a
    /// leading dot.
    private func file(defining symbol: String) -> DescriptorFile? {
        let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
        return files.first { $0.symbols.contains(name) }
    }

    /// `file` (always) followed by every transitive dependency this stream has not received.
    private mutating func withDependencies(_ file: DescriptorFile) -> [[UInt8]] {
        var result = [file.bytes]
        sent.insert(file.name)
        var queue = file.dependencies
        while let name = queue.popLast() {
            guard !sent.contains(name), let dependency = files.first(where: { $0.name == name }) else { continue }
            sent.insert(name)
            result.append(dependency.bytes)
            queue.append(contentsOf: dependency.dependencies)
        }
        return result
    }
}
