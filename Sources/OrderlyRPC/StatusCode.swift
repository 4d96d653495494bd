// The gRPC status codes (doc/statuscodes.md), with their canonical names and the decimal text
// that goes into the `grpc-status` trailer.

/// A gRPC status code, 0 through 16, exactly as the gRPC specification numbers them.
public enum StatusCode: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Not an error; returned on success.
    case ok = 0
    /// The operation was cancelled, typically by the caller.
    case cancelled = 1
    /// Unknown error, e.g. an error of an unknown kind thrown by a handler.
    case unknown = 2
    /// The client specified an invalid argument.
    case invalidArgument = 3
    /// The deadline expired before the operation could complete.
    case deadlineExceeded = 4
    /// Some requested entity was not found.
    case notFound = 5
    /// The entity that a client attempted to create already exists.
    case alreadyExists = 6
    /// The caller does not have permission to execute the operation.
    case permissionDenied = 7
    /// Some resource has been exhausted (a limit, a quota, a full queue).
    case resourceExhausted = 8
    /// The system is not in a state required for the operation's execution.
    case failedPrecondition = 9
    /// The operation was aborted, typically due to a concurrency conflict.
    case aborted = 10
    /// The operation was attempted past the valid range.
    case outOfRange = 11
    /// The operation is not implemented or not supported.
    case unimplemented = 12
    /// Internal error: an invariant expected by the system is broken.
    case internalError = 13
    /// The service is currently unavailable.
    case unavailable = 14
    /// Unrecoverable data loss or corruption.
    case dataLoss = 15
    /// The request does not have valid authentication credentials.
    case unauthenticated = 16

    /// Creates a code from its wire number; nil outside 0...16.
    public init?(wireValue: Int) {
        self.init(rawValue: wireValue)
    }

    /// The canonical upper-case name, e.g. "NOT_FOUND".
    public var name: String {
        Self.names[rawValue]
    }

    /// The decimal text sent in `grpc-status` (kept as static strings: no formatting per call).
    public var wireText: StaticString {
        switch self {
        case .ok: "0"
        case .cancelled: "1"
        case .unknown: "2"
        case .invalidArgument: "3"
        case .deadlineExceeded: "4"
        case .notFound: "5"
        case .alreadyExists: "6"
        case .permissionDenied: "7"
        case .resourceExhausted: "8"
        case .failedPrecondition: "9"
        case .aborted: "10"
        case .outOfRange: "11"
        case .unimplemented: "12"
        case .internalError: "13"
        case .unavailable: "14"
        case .dataLoss: "15"
        case .unauthenticated: "16"
        }
    }

    /// Same as `name`.
    public var description: String { name }

    private static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]
}
