// The one entry point orderlyd uses: every orderly.v1 service over one store and one commit gate.
import OrderlyDomain
import OrderlyRPC

/// Builds the services of API.md.
public enum OrderlyServiceSet {
    /// The names of the services `make` returns, in order (e.g. for reflection and health).
    public static let serviceNames = [
        InventoryService.name, OrderService.name, ShipmentService.name, ReturnService.name, ReportingService.name,
    ]

    /// Every orderly.v1 service over `store`; mutations are acknowledged once `gate` says durable.
    /// Reports whose request names no currency count money in `baseCurrency`.
    public static func make(
        store: any OrderBackend, gate: any CommitGate = ImmediateCommit(),
        baseCurrency: String = ReportingService.defaultBaseCurrency
    ) -> [any RPCService] {
        [
            InventoryService(store: store, gate: gate),
            OrderService(store: store, gate: gate),
            ShipmentService(store: store, gate: gate),
            ReturnService(store: store, gate: gate),
            ReportingService(store: store, gate: gate, baseCurrency: baseCurrency),
        ]
    }
}
