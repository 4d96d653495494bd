// orderly.v1.AdminService: operator actions, and the test-only AdvanceTestClock. Snapshot hands the request to the store's snapshot
// thread and answers from there once the file is durable, so no event-loop thread waits.
import OrderlyDomain
import OrderlyMessages
import OrderlyPersistence
import OrderlyRPC

/// Serves orderly.v1.AdminService over a ``PersistentStore``.
struct AdminService: RPCService {
    /// The full service name.
    static let name = "orderly.v1.AdminService"

    let persistent: PersistentStore
    /// The clock of `--test-clock` (nil: AdvanceTestClock is refused).
    let testClock: ManualClock?

    func register(into router: inout RPCRouter) {
        let persistent = persistent
        let testClock = testClock
        router.unary(Self.name, "AdvanceTestClock") {
            (request: Orderly_V1_AdvanceTestClockRequest, _) throws(RPCError) -> Orderly_V1_AdvanceTestClockResponse in
            guard let testClock else {
                throw RPCError(.failedPrecondition, "AdvanceTestClock needs orderlyd --test-clock (a test-only flag); this server runs on the system clock")
            }
            guard request.seconds >= 0 else { throw RPCError(.invalidArgument, "seconds must be >= 0, got \(request.seconds)") }
            let expired = persistent.expireOverdueReservations { testClock.advance(seconds: request.seconds) }
            return Orderly_V1_AdvanceTestClockResponse(
                now: Google_Protobuf_Timestamp(seconds: testClock.now().seconds, nanos: 0), reservationsExpired: Int64(expired))
        }
        router.unaryDeferred(Self.name, "Snapshot") {
            (_: Orderly_V1_SnapshotRequest, _, responder: UnaryResponder<Orderly_V1_SnapshotResponse>) in
            let started = ContinuousClock.now
            persistent.requestSnapshot { result in
                switch result {
                case .success(let report?):
                    let took = ContinuousClock.now - started
                    responder.succeed(Orderly_V1_SnapshotResponse(
                        written: true, file: report.file, coveredSequence: report.coveredSequence,
                        orders: Int64(report.orders), payloadBytes: report.payloadBytes,
                        writerPauseUs: report.lockHeld.components.seconds * 1_000_000
                            + report.lockHeld.components.attoseconds / 1_000_000_000_000,
                        durationMs: took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000))
                case .success(nil):
                    responder.succeed(Orderly_V1_SnapshotResponse(written: false))
                case .failure(let error):
                    responder.fail(RPCError(.unavailable, "snapshot failed: \(error)"))
                }
            }
        }
    }
}
