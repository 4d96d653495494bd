// The one place where domain failures become gRPC statuses: each `DomainError.Kind` maps to the
// status code of the same name, and the message (which names the field or entity) is kept as is.
import OrderlyDomain
import OrderlyRPC

extension StatusCode {
    /// The gRPC status code a domain failure family becomes.
    public init(_ kind: DomainError.Kind) {
        switch kind {
        case .invalidArgument: self = .invalidArgument
        case .notFound: self = .notFound
        case .failedPrecondition: self = .failedPrecondition
        case .alreadyExists: self = .alreadyExists
        case .outOfRange: self = .outOfRange
        case .aborted: self = .aborted
        case .resourceExhausted: self = .resourceExhausted
        case .unavailable: self = .unavailable
        }
    }
}

extension RPCError {
    /// The status a client sees for `error`.
    public init(_ error: DomainError) {
        self.init(StatusCode(error.kind), error.message)
    }

    /// A mutation was applied but can never be made durable (e.g. the journal failed).
    static func notDurable(_ cause: any Error) -> RPCError {
        RPCError(.unavailable, "the change could not be made durable: \(cause)")
    }
}
