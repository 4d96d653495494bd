// A raw-bytes service for the HTTP/2 tests: echo, metadata mirror, answers from other threads,
// a call that never answers (for deadlines and resets) and streaming shapes.
import Foundation
import OrderlyLocks
import OrderlyRPC

/// A message that is its bytes; a first byte of 0xFF fails to decode.
struct Blob: RPCMessage, Equatable {
    var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(serializedBytes: UnsafeRawBufferPointer) throws {
        if serializedBytes.first == 0xFF { throw MessageDecodingError("blob starts with 0xFF") }
        bytes = Array(serializedBytes)
    }
    func serialize(appendingTo buffer: inout [UInt8]) { buffer.append(contentsOf: bytes) }
}

/// What the tests observe of calls from the handler side.
final class Observations: Sendable {
    let cancelled = Locked<[String]>([])
    let deadlines = Locked<[Bool]>([])
    /// Closed: the "Gated" handler does not read its requests yet.
    let gateOpen = Locked(false)
}

struct TestService: RPCService {
    let observations: Observations

    func register(into router: inout RPCRouter) {
        let observations = observations
        router.unary("test.Echo", "Echo") { (request: Blob, _: ServerContext) in request }
        router.unary("test.Echo", "Meta") { (_: Blob, context: ServerContext) -> Blob in
            var headers = Metadata()
            headers.add("x-seen-tenant", context.requestMetadata.first("x-tenant") ?? "none")
            context.addResponseHeaders(headers)
            var trailers = Metadata()
            trailers.add("x-echo-bin", bytes: context.requestMetadata.firstBytes("x-id-bin") ?? [])
            context.addTrailers(trailers)
            return Blob(Array(context.peer.utf8))
        }
        router.unary("test.Echo", "Fail") { (_: Blob, _: ServerContext) -> Blob in
            throw RPCError(.failedPrecondition, "not enough stock for sku ü 100%")
        }
        router.unaryDeferred("test.Echo", "Later") { (request: Blob, _: ServerContext, respond: UnaryResponder<Blob>) in
            Thread.detachNewThread { respond.succeed(Blob(request.bytes.reversed())) }
        }
        router.unaryDeferred("test.Echo", "Never") { (_: Blob, context: ServerContext, _: UnaryResponder<Blob>) in
            observations.deadlines.withLock { $0.append(context.deadline != nil) }
            context.onCancel { observations.cancelled.withLock { $0.append(context.path) } }
        }
        router.serverStreaming("test.Echo", "Split") { (request: Blob, writer: ResponseWriter<Blob>, _: ServerContext) in
            for byte in request.bytes { try writer.send(Blob([byte])) }
        }
        router.clientStreaming("test.Echo", "Join") { (requests: RequestStream<Blob>, _: ServerContext) async throws -> Blob in
            var all: [UInt8] = []
            for try await blob in requests { all += blob.bytes }
            return Blob(all)
        }
        router.serverStreamingDeferred("test.Echo", "Flood") { (request: Blob, writer: ResponseWriter<Blob>, _: ServerContext) in
            // A watcher pushing faster than the client reads: cut off once the bound is hit.
            for _ in 0..<1000 where !writer.write(Blob(Array(repeating: 1, count: Int(request.bytes.first ?? 1)))) {
                writer.finish(throwing: RPCError(.resourceExhausted, "subscriber too slow"))
                return
            }
            writer.finish()
        }
        router.clientStreaming("test.Echo", "Gated") { (requests: RequestStream<Blob>, _: ServerContext) async throws -> Blob in
            while !observations.gateOpen.withLock({ $0 }) {
                try await Task.sleep(for: .milliseconds(2))
            }
            var count = 0
            for try await _ in requests { count += 1 }
            return Blob([UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)])
        }
        router.bidiStreaming("test.Echo", "Ping") { (requests: RequestStream<Blob>, writer: ResponseWriter<Blob>, context: ServerContext) in
            context.onCancel { observations.cancelled.withLock { $0.append(context.path) } }
            for try await blob in requests { try writer.send(blob) }
        }
    }
}
