// SetStock, AdjustStock, ImportStock, availability and VerifyInventory.
import Testing
@testable import OrderlyDomain

@Suite struct InventoryTests {
    @Test func setStockIsAbsoluteAndVersioned() throws {
        let store = try Fixture.store()
        let first = try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 10, safetyStock: 2))
        #expect(first.version == 1)
        #expect(first.available == 8)
        let second = try store.setStock(SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 4))
        #expect(second.version == 2)
        #expect(second.onHand == 4)
    }

    @Test(arguments: [
        (SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: -1), DomainError.Kind.invalidArgument, "on_hand must be >= 0"),
        (SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 1, safetyStock: -1), .invalidArgument, "safety_stock"),
        (SetStockCommand(locationId: "nowhere", sku: "A", onHand: 1), .notFound, "location nowhere does not exist"),
        (SetStockCommand(locationId: "wh-nyc", sku: "", onHand: 1), .invalidArgument, "sku is required"),
        (SetStockCommand(locationId: "wh-nyc", sku: "R", onHand: 1), .failedPrecondition, "below the 2 units reserved"),
    ])
    func badSetStockIsRefused(_ command: SetStockCommand, _ kind: DomainError.Kind, _ message: String) throws {
        let store = try Fixture.store(stock: [("wh-nyc", "R", 5)])
        _ = try store.createOrder(Fixture.order([("R", 2)]))
        let error = domainError { try store.setStock(command) }
        #expect(error?.kind == kind)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func adjustStockNeverGoesBelowZeroOrReserved() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        _ = try store.createOrder(Fixture.order([("A", 3)]))
        #expect(try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: -2)).onHand == 3)
        #expect(domainError { try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: -1)) }?.kind == .failedPrecondition)
        #expect(domainError { try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "N", delta: -1)) }?.kind == .failedPrecondition)
        #expect(domainError { try store.adjustStock(AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: .max)) }?.kind == .invalidArgument)
        #expect(domainError { try store.adjustStock(AdjustStockCommand(locationId: "wh-zzz", sku: "A", delta: 1)) }?.kind == .notFound)
        #expect(try store.adjustStock(AdjustStockCommand(locationId: "wh-phl", sku: "NEW", delta: 4)).onHand == 4)
    }

    @Test func repeatedAdjustRequestIdIsAppliedOnce() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        let command = AdjustStockCommand(locationId: "wh-nyc", sku: "A", delta: 3, reason: "delivery", requestId: "adj-1")
        let first = try store.adjustStock(command)
        let again = try store.adjustStock(command)
        #expect(first.onHand == 8)
        #expect(again == first)
    }

    @Test func importStockAppliesGoodRowsAndDescribesBadOnes() throws {
        let store = try Fixture.store()
        let result = try store.importStock([
            SetStockCommand(locationId: "wh-nyc", sku: "A", onHand: 3),
            SetStockCommand(locationId: "nowhere", sku: "A", onHand: 3),
            SetStockCommand(locationId: "wh-phl", sku: "A", onHand: -3),
            SetStockCommand(locationId: "wh-phl", sku: "A", onHand: 7),
        ])
        #expect(result.accepted == 2)
        #expect(result.rejected == 2)
        #expect(result.errors.count == 2)
        #expect(result.errors.first?.hasPrefix("row 2:") == true)
        let availability = store.availability(skus: ["A", "unknown"])
        #expect(availability.map(\.onHand) == [10, 0])
        #expect(availability.first?.locations.map(\.locationId) == ["wh-nyc", "wh-phl"])
    }

    @Test func verifyInventoryFindsAMismatch() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5)])
        _ = try store.createOrder(Fixture.order([("A", 2)]))
        #expect(store.verifyInventory().consistent)
        var broken = store.snapshot()
        var level = try #require(broken.level(StockKey(locationId: "wh-nyc", sku: "A")))
        level.reserved = 7
        broken.apply(.stockPut(level, requestId: ""))
        let report = broken.verifyInventory()
        #expect(!report.consistent)
        #expect(report.levelsChecked == 1)
        // reserved ≠ open allocations, reserved > on_hand, and the ledger no longer sums to the figures.
        #expect(report.problems.count == 3)
        #expect(report.problems.last?.contains("differ from the stock ledger's sums") == true)
    }

    @Test func lowStockListsLevelsAtOrBelowTheThreshold() throws {
        let store = try Fixture.store(stock: [("wh-nyc", "A", 5), ("wh-nyc", "B", 1), ("wh-phl", "C", 2)])
        #expect(try store.lowStock(threshold: 2).map(\.sku) == ["B", "C"])
    }
}
