// orderly.v1.AdminService: operator actions. Snapshot hands the request to the store's snapshot
// thread and answers from there once the file is durable, so no event-loop thread waits.
import OrderlyMessages
import OrderlyPersistence
import OrderlyRPC

/// Serves orderly.v1.AdminService over a ``PersistentStore``.
struct AdminService: RPCService {
    /// The full service name.
    static let name = "orderly.v1.AdminService"

    let persistent: PersistentStore

    func register(into router: inout RPCRouter) {
        let persistent = persistent
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
