// The one policy seam of the RPC core: an interceptor sees every call's route and request
// metadata when its headers are in, before the handler exists, and decides: run it as is, answer
// it at once (authentication, authorization), or wrap its handler or sink. The core knows nothing
// of what a policy means; servers (orderlyd) bring their own.

/// A policy put in front of every route of a router (see `RPCRouter.intercepted(by:)`).
public protocol CallInterceptor: Sendable {
    /// Called on the loop thread when a call's headers are complete, before any request byte is
    /// handled. Return `next(sink)` to run the call, a handler from `next(wrappedSink)` to
    /// filter its responses, a wrapping handler to inspect its requests, or
    /// `RejectedCall(error:context:sink:)` to answer it without running it.
    func intercept(
        route: RPCRoute, context: ServerContext, sink: any ServerCallSink,
        next: (any ServerCallSink) -> any ServerCallHandler
    ) -> any ServerCallHandler
}

extension RPCRouter {
    /// A router with the same routes, each of which first goes through `interceptor`.
    public func intercepted(by interceptor: some CallInterceptor) -> RPCRouter {
        var router = RPCRouter()
        for route in allRoutes {
            let makeCall = route.makeCall
            router.add(
                RPCRoute(
                    service: route.service, method: route.method, path: route.path, kind: route.kind,
                    makeCall: { context, sink in
                        interceptor.intercept(route: route, context: context, sink: sink) { makeCall(context, $0) }
                    }))
        }
        return router
    }
}

/// A call answered with an error before its handler ran; whatever the client still sends is
/// ignored (the transport stops delivering once the call is finished).
public final class RejectedCall: ServerCallHandler {
    /// Finishes the call through `sink` with `error`'s status, at once.
    public init(error: RPCError, context: ServerContext, sink: any ServerCallSink) {
        sink.finish(error: error, context: context)
    }

    /// Ignored: the call is already answered.
    public func receive(message: UnsafeRawBufferPointer) {}
    /// Ignored: the call is already answered.
    public func receiveEnd() {}
    /// Nothing to stop.
    public func cancelled() {}
    /// Nothing is buffered.
    public var requestBuffering: RequestBuffering? { nil }
}
