// orderly.v1.InventoryService: locations, stock levels, availability, bulk import, the live
// inventory feed, the consistency audit, the stock ledger, transfers and cart reservations.
import OrderlyDomain
import OrderlyMessages
import OrderlyRPC

/// Serves orderly.v1.InventoryService over an `OrderBackend` (usually the `OrderStore`).
public struct InventoryService: RPCService {
    /// The full service name.
    public static let name = "orderly.v1.InventoryService"
    /// ImportStock applies its rows in chunks of this many, so a long stream needs bounded memory.
    static let importChunk = 1000
    /// The most ImportStock error lines returned; later ones are only counted.
    static let maxImportErrors = 1000

    private let answering: Answering

    /// Creates the service; mutations are acknowledged when `gate` says they are durable.
    public init(store: any OrderBackend, gate: any CommitGate) {
        answering = Answering(store: store, gate: gate)
    }

    /// Registers every method of the service.
    public func register(into router: inout RPCRouter) {
        let a = answering
        let store = a.store
        a.mutation(&router, Self.name, "UpsertLocation") {
            (request: Orderly_V1_Location) -> Orderly_V1_Location in
            Orderly_V1_Location(try store.upsertLocation(try request.domain()))
        }
        router.unary(Self.name, "ListLocations") {
            (_: Orderly_V1_ListLocationsRequest, _) -> Orderly_V1_ListLocationsResponse in
            Orderly_V1_ListLocationsResponse(locations: store.listLocations().map(Orderly_V1_Location.init))
        }
        a.mutation(&router, Self.name, "SetStock") {
            (request: Orderly_V1_SetStockRequest) -> Orderly_V1_StockLevel in
            Orderly_V1_StockLevel(try store.setStock(request.domain))
        }
        a.mutation(&router, Self.name, "AdjustStock") {
            (request: Orderly_V1_AdjustStockRequest) -> Orderly_V1_StockLevel in
            Orderly_V1_StockLevel(try store.adjustStock(request.domain))
        }
        router.unary(Self.name, "GetAvailability") {
            (request: Orderly_V1_GetAvailabilityRequest, _) -> Orderly_V1_GetAvailabilityResponse in
            Orderly_V1_GetAvailabilityResponse(
                items: store.availability(skus: request.skus).map(Orderly_V1_SkuAvailability.init))
        }
        router.clientStreaming(Self.name, "ImportStock") {
            (rows: RequestStream<Orderly_V1_SetStockRequest>, context) async throws -> Orderly_V1_ImportStockResponse in
            try await Self.importStock(rows, caller: context, answering: a)
        }
        router.serverStreamingDeferred(Self.name, "WatchInventory") {
            (request: Orderly_V1_WatchInventoryRequest, writer: ResponseWriter<Orderly_V1_StockLevel>, context) in
            WatchPump.run(
                writer: writer, context: context,
                subscribe: { store.watchInventory(skus: request.skus, onReady: $0) },
                message: Orderly_V1_StockLevel.init)
        }
        router.unary(Self.name, "VerifyInventory") {
            (_: Orderly_V1_VerifyInventoryRequest, _) -> Orderly_V1_VerifyInventoryResponse in
            Orderly_V1_VerifyInventoryResponse(store.verifyInventory())
        }
        a.query(&router, Self.name, "ListStockMovements") {
            (request: Orderly_V1_ListStockMovementsRequest) -> Orderly_V1_ListStockMovementsResponse in
            Orderly_V1_ListStockMovementsResponse(try store.listStockMovements(try request.domain()))
        }
        a.mutation(&router, Self.name, "CreateTransfer") {
            (request: Orderly_V1_CreateTransferRequest) -> Orderly_V1_Transfer in
            Orderly_V1_Transfer(try store.createTransfer(request.domain))
        }
        a.mutation(&router, Self.name, "ShipTransfer") {
            (request: Orderly_V1_ShipTransferRequest) -> Orderly_V1_Transfer in
            Orderly_V1_Transfer(try store.shipTransfer(request.transferID))
        }
        a.mutation(&router, Self.name, "ReceiveTransfer") {
            (request: Orderly_V1_ReceiveTransferRequest) -> Orderly_V1_Transfer in
            Orderly_V1_Transfer(try store.receiveTransfer(request.transferID, lines: request.lines.map(\.domain)))
        }
        a.mutation(&router, Self.name, "CancelTransfer") {
            (request: Orderly_V1_CancelTransferRequest) -> Orderly_V1_Transfer in
            Orderly_V1_Transfer(try store.cancelTransfer(request.transferID))
        }
        a.query(&router, Self.name, "GetTransfer") {
            (request: Orderly_V1_GetTransferRequest) -> Orderly_V1_Transfer in
            Orderly_V1_Transfer(try store.transfer(request.transferID))
        }
        a.mutation(&router, Self.name, "ReserveStock") {
            (request: Orderly_V1_ReserveStockRequest) -> Orderly_V1_Reservation in
            Orderly_V1_Reservation(try store.reserveStock(try request.domain()))
        }
        a.mutation(&router, Self.name, "ExtendReservation") {
            (request: Orderly_V1_ExtendReservationRequest) -> Orderly_V1_Reservation in
            Orderly_V1_Reservation(try store.extendReservation(request.reservationID, ttlSeconds: request.ttlSeconds))
        }
        a.mutation(&router, Self.name, "ReleaseReservation") {
            (request: Orderly_V1_ReleaseReservationRequest) -> Orderly_V1_Reservation in
            Orderly_V1_Reservation(try store.releaseReservation(request.reservationID))
        }
        router.unary(Self.name, "GetReservation") {
            (request: Orderly_V1_GetReservationRequest, context) throws(RPCError) -> Orderly_V1_Reservation in
            // As the caller: a channel role sees only its own reservations.
            try a.read { try Answering.asCaller(context) { Orderly_V1_Reservation(try store.reservation(request.reservationID)) } }
        }
    }

    /// Applies the streamed rows chunk by chunk; bad rows are counted and described, good ones
    /// applied. Answers once every applied row is durable.
    private static func importStock(
        _ rows: RequestStream<Orderly_V1_SetStockRequest>, caller: ServerContext, answering: Answering
    ) async throws -> Orderly_V1_ImportStockResponse {
        var response = Orderly_V1_ImportStockResponse()
        var chunk: [SetStockCommand] = []
        chunk.reserveCapacity(importChunk)
        var rowOffset = 0
        func apply() throws(RPCError) {
            guard !chunk.isEmpty else { return }
            let result = try answering.read { try Answering.asCaller(caller) { try answering.store.importStock(chunk) } }
            response.accepted += result.accepted
            response.rejected += result.rejected
            for error in result.errors where response.errors.count < maxImportErrors {
                response.errors.append(renumber(error, by: rowOffset))
            }
            rowOffset += chunk.count
            chunk.removeAll(keepingCapacity: true)
        }
        for try await row in rows {
            chunk.append(row.domain)
            if chunk.count == importChunk { try apply() }
        }
        try apply()
        try await answering.durable()
        return response
    }

    /// The store numbers rows within one chunk ("row 3: ..."); the client counts from the
    /// start of its stream.
    static func renumber(_ error: String, by offset: Int) -> String {
        guard offset > 0, error.hasPrefix("row "), let colon = error.firstIndex(of: ":"),
            let row = Int(error[error.index(error.startIndex, offsetBy: 4)..<colon])
        else { return error }
        return "row \(row + offset)" + error[colon...]
    }
}
