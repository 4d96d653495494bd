// The roles a bearer token can carry, as written in the auth file.
import OrderlyDomain

/// What a caller may do (see SECURITY.md for the table).
public enum Role: Sendable, Hashable, CustomStringConvertible {
    /// Everything.
    case admin
    /// Orders of one sales channel (create, get, list, cancel, watch) and availability.
    case channel(SalesChannel)
    /// Inventory, shipments and returns.
    case warehouse
    /// Read-only access to everything but the admin service.
    case viewer

    /// The channels in the CLI's spelling.
    static let channelNames: [String: SalesChannel] = [
        "web": .web, "mobile-app": .mobileApp, "pos": .pos, "marketplace": .marketplace, "erp": .erp,
    ]

    /// Parses "admin", "warehouse", "viewer" or "channel:<web|mobile-app|pos|marketplace|erp>".
    public init?(parsing text: some StringProtocol) {
        switch text {
        case "admin": self = .admin
        case "warehouse": self = .warehouse
        case "viewer": self = .viewer
        default:
            guard text.hasPrefix("channel:"), let channel = Self.channelNames[String(text.dropFirst(8))] else {
                return nil
            }
            self = .channel(channel)
        }
    }

    /// The auth-file spelling.
    public var description: String {
        switch self {
        case .admin: "admin"
        case .warehouse: "warehouse"
        case .viewer: "viewer"
        case .channel(let channel):
            "channel:" + (Self.channelNames.first { $0.value == channel }?.key ?? "unspecified")
        }
    }
}
