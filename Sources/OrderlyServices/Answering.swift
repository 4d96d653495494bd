// How handlers answer. Reads run inline and turn domain errors into statuses; mutations run the
// store call inline, answer failures at once and successes only once the commit gate says the
// change is durable (so an acknowledged change survives a crash).
import OrderlyDomain
import OrderlyRPC

/// The shared answering logic of every service.
struct Answering: Sendable {
    let store: any OrderBackend
    let gate: any CommitGate

    /// Runs a read; domain failures become their status.
    func read<R>(_ body: () throws -> R) throws(RPCError) -> R {
        do {
            return try body()
        } catch {
            throw Self.status(error)
        }
    }

    /// Runs a mutation and answers `responder`: a failure at once, a success once durable.
    func mutate<R: RPCMessage>(_ responder: UnaryResponder<R>, _ body: () throws -> R) {
        let response: R
        do {
            response = try body()
        } catch {
            responder.fail(Self.status(error))
            return
        }
        gate.afterDurable { error in
            if let error {
                responder.fail(RPCError.notDurable(error))
            } else {
                responder.succeed(response)
            }
        }
    }

    /// Registers a unary mutation: `body` runs on the loop and its answer waits for durability
    /// (`mutate`).
    func mutation<Request: RPCMessage, Response: RPCMessage>(
        _ router: inout RPCRouter, _ service: String, _ method: String,
        _ body: @escaping @Sendable (Request) throws -> Response
    ) {
        let answering = self
        router.unaryDeferred(service, method) { (request: Request, context, responder: UnaryResponder<Response>) in
            Self.asCaller(context) { answering.mutate(responder) { try body(request) } }
        }
    }

    /// Registers a unary read: `body` runs on the loop, domain failures become statuses (`read`).
    func query<Request: RPCMessage, Response: RPCMessage>(
        _ router: inout RPCRouter, _ service: String, _ method: String,
        _ body: @escaping @Sendable (Request) throws -> Response
    ) {
        let answering = self
        router.unary(service, method) { (request: Request, _) throws(RPCError) -> Response in
            try answering.read { try body(request) }
        }
    }

    /// Runs `body` with the caller's role as the actor of the mutations it makes (stock
    /// movements record it); "anonymous" when no interceptor authenticated the call.
    static func asCaller<R>(_ context: ServerContext, _ body: () throws -> R) rethrows -> R {
        try MutationActor.$current.withValue(context.principal ?? "anonymous") { try body() }
    }

    /// Waits (without blocking a thread) until everything changed so far is durable.
    func durable() async throws(RPCError) {
        let failure: (any Error)? = await withCheckedContinuation { continuation in
            gate.afterDurable { continuation.resume(returning: $0) }
        }
        if let failure { throw RPCError.notDurable(failure) }
    }

    /// The status a client sees for anything a handler threw.
    static func status(_ error: any Error) -> RPCError {
        if let domain = error as? DomainError { return RPCError(domain) }
        return RPCError(mapping: error)
    }
}
