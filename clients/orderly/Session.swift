// One connected run of a command: the channel, the call options every call uses, and the
// output mode. Stubs are cheap values made on demand.
import OrderlyClient
import OrderlyJSON
import OrderlyMessages

/// What a command needs to make calls and print results.
struct Session: Sendable {
    /// The connection to the server.
    let channel: GRPCChannel
    /// Deadline and metadata for every call.
    let options: CallOptions
    /// Whether results are printed as proto3 JSON.
    let json: Bool

    var health: Grpc_Health_V1_HealthClient { Grpc_Health_V1_HealthClient(channel: channel) }
    var inventory: Orderly_V1_InventoryServiceClient { Orderly_V1_InventoryServiceClient(channel: channel) }
    var orders: Orderly_V1_OrderServiceClient { Orderly_V1_OrderServiceClient(channel: channel) }
    var shipments: Orderly_V1_ShipmentServiceClient { Orderly_V1_ShipmentServiceClient(channel: channel) }
    var returns: Orderly_V1_ReturnServiceClient { Orderly_V1_ReturnServiceClient(channel: channel) }
    var reporting: Orderly_V1_ReportingServiceClient { Orderly_V1_ReportingServiceClient(channel: channel) }

    /// Prints a response: JSON (indented) with --json, else the human form from `render`.
    func print<M: ProtoJSONMessage>(_ message: M, render: (M) -> String) throws {
        if json {
            Terminal.output(try ProtoJSON.encode(message, pretty: true))
        } else {
            let text = render(message)
            if !text.isEmpty { Terminal.output(text) }
        }
    }

    /// Prints one stream message at once: one-line JSON with --json, else `render`'s line.
    func printLive<M: ProtoJSONMessage>(_ message: M, render: (M) -> String) throws {
        Terminal.live(json ? try ProtoJSON.encode(message) : render(message))
    }
}
