// DomainError: the one error type every domain rule throws; the service layer maps `kind` to a
// gRPC status code and `message` to grpc-message.

/// A rule violation, named after the gRPC code it becomes.
public struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which family of failure this is.
    public enum Kind: String, Hashable, Sendable {
        /// The request is malformed (INVALID_ARGUMENT).
        case invalidArgument
        /// An id names nothing (NOT_FOUND).
        case notFound
        /// The request is valid but the current state forbids it (FAILED_PRECONDITION).
        case failedPrecondition
        /// A create collides with an existing entity (ALREADY_EXISTS).
        case alreadyExists
        /// An optimistic-concurrency check failed (ABORTED).
        case aborted
        /// A position outside what is kept, e.g. a replay older than the retained events (OUT_OF_RANGE).
        case outOfRange
        /// A limit was hit (RESOURCE_EXHAUSTED).
        case resourceExhausted
        /// The store cannot take writes now, e.g. its journal failed (UNAVAILABLE).
        case unavailable
    }

    /// The failure family.
    public var kind: Kind
    /// A human-readable message naming the offending field or entity.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }

    static func invalid(_ message: String) -> DomainError { DomainError(.invalidArgument, message) }
    static func notFound(_ message: String) -> DomainError { DomainError(.notFound, message) }
    static func precondition(_ message: String) -> DomainError { DomainError(.failedPrecondition, message) }
}
