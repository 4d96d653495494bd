// The embedded descriptor set and service list that reflection and the status page rely on.
@testable import OrderlyMessages
import Testing

@Suite struct DescriptorSetTests {
    @Test func everyServedFileIsEmbeddedOnce() {
        let names = OrderlyDescriptorSet.files.map(\.name)
        #expect(Set(names).count == names.count)
        for expected in [
            "google/protobuf/timestamp.proto", "grpc/health/v1/health.proto",
            "grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto",
            "grpc/testing/test.proto", "orderly/v1/orders.proto", "orderly/v1/reporting.proto",
        ] {
            #expect(names.contains(expected), "missing \(expected)")
        }
    }

    @Test func dependenciesComeBeforeDependents() {
        var seen: Set<String> = []
        for file in OrderlyDescriptorSet.files {
            for dependency in file.dependencies {
                #expect(seen.contains(dependency), "\(file.name) before \(dependency)")
            }
            seen.insert(file.name)
        }
    }

    @Test func fileBytesAreFileDescriptorProtosStartingWithTheirName() {
        for file in OrderlyDescriptorSet.files {
            // Field 1 (name), length-delimited, then the name itself.
            let name = Array(file.name.utf8)
            #expect(Array(file.bytes.prefix(2 + name.count)) == [0x0A, UInt8(name.count)] + name)
        }
    }

    @Test func setBytesConcatenateTheFilesAsFieldOne() {
        let bytes = OrderlyDescriptorSet.bytes
        var offset = 0
        for file in OrderlyDescriptorSet.files {
            #expect(bytes[offset] == 0x0A)
            offset += 1
            var length = 0
            var shift = 0
            while bytes[offset] & 0x80 != 0 {
                length |= Int(bytes[offset] & 0x7F) << shift
                shift += 7
                offset += 1
            }
            length |= Int(bytes[offset]) << shift
            offset += 1
            #expect(length == file.bytes.count)
            #expect(Array(bytes[offset..<offset + length]) == file.bytes)
            offset += length
        }
        #expect(offset == bytes.count)
    }

    @Test(arguments: [
        ("orderly.v1.OrderService", "orderly/v1/orders.proto"),
        ("orderly.v1.OrderService.GetOrder", "orderly/v1/orders.proto"),
        ("orderly.v1.StockLevel", "orderly/v1/inventory.proto"),
        ("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto"),
        ("grpc.testing.ClientConfigureRequest.Metadata", "grpc/testing/messages.proto"),
        ("google.protobuf.Timestamp", "google/protobuf/timestamp.proto"),
    ])
    func symbolsResolveToTheirFile(symbol: String, file: String) {
        #expect(OrderlyDescriptorSet.file(containingSymbol: symbol)?.name == file)
    }

    @Test func unknownSymbolsAndFilesAreNil() {
        #expect(OrderlyDescriptorSet.file(containingSymbol: "orderly.v1.Nope") == nil)
        #expect(OrderlyDescriptorSet.file(named: "nope.proto") == nil)
    }

    @Test func servicesListMethodsWithStreamingFlags() throws {
        let byName = Dictionary(uniqueKeysWithValues: OrderlyDescriptorSet.services.map { ($0.name, $0) })
        for name in [
            "orderly.v1.InventoryService", "orderly.v1.OrderService", "orderly.v1.ShipmentService",
            "orderly.v1.ReturnService", "orderly.v1.ReportingService", "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
            "grpc.testing.TestService",
        ] {
            #expect(byName[name] != nil, "missing \(name)")
        }
        let inventory = try #require(byName["orderly.v1.InventoryService"])
        let importStock = try #require(inventory.methods.first { $0.name == "ImportStock" })
        #expect(importStock.clientStreaming && !importStock.serverStreaming)
        #expect(importStock.inputType == "orderly.v1.SetStockRequest")
        #expect(importStock.outputType == "orderly.v1.ImportStockResponse")
        #expect(inventory.path(of: importStock) == "/orderly.v1.InventoryService/ImportStock")
        let orders = try #require(byName["orderly.v1.OrderService"])
        #expect(orders.methods.map(\.name) == [
            "CreateOrder", "GetOrder", "ListOrders", "CancelOrder", "PlanRouting", "SetRoutingPolicy", "GetRoutingPolicy",
            "WatchOrders", "RejectAllocation", "CancelOrderLines", "MoveAllocation", "PlaceHold", "ReleaseHold",
        ])
    }

    @Test func everyMethodTypeIsARegisteredMessage() {
        for service in OrderlyDescriptorSet.services {
            for method in service.methods {
                #expect(OrderlyMessageRegistry.messageType(named: method.inputType) != nil, "\(method.inputType)")
                #expect(OrderlyMessageRegistry.messageType(named: method.outputType) != nil, "\(method.outputType)")
            }
        }
    }

    @Test func registryReturnsTheSwiftType() {
        #expect(OrderlyMessageRegistry.messageType(named: "orderly.v1.Order") == Orderly_V1_Order.self)
        #expect(OrderlyMessageRegistry.messageType(named: "grpc.testing.Empty") == Grpc_Testing_Empty.self)
        #expect(OrderlyMessageRegistry.messageType(named: "orderly.v1.Missing") == nil)
    }

    @Test(arguments: [
        ("", [] as [UInt8]),
        ("Zg==", [0x66]),
        ("Zm8=", [0x66, 0x6F]),
        ("Zm9v", [0x66, 0x6F, 0x6F]),
        ("Zm9v\n  YmFy", Array("foobar".utf8)),
        ("+/8=", [0xFB, 0xFF]),
    ])
    func base64Decodes(text: String, bytes: [UInt8]) {
        #expect(Base64.decode(text) == bytes)
    }

    @Test(arguments: ["Zm9v!", "Zg=a", "Z==="])
    func base64RejectsBadInput(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
