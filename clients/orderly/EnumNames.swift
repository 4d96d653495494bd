// Enum values on the command line and in tables: lower-case kebab form without the prefix
// (`SALES_CHANNEL_MOBILE_APP` <-> `mobile-app`), derived from the protobuf-c enum descriptors
// so the spelling always follows the .proto files. The generated enums are RawRepresentable
// and CaseIterable, for which ArgumentParser has its own defaults, so each conformance below
// names its parsing members itself.
import ArgumentParser
import CProtobufC
import OrderlyMessages
import OrderlyProtosC

/// A generated enum whose values are written in kebab form.
public protocol KebabEnum: ExpressibleByArgument, Sendable {
    /// The protoc-c descriptor of the enum.
    static var protoDescriptor: ProtobufCEnumDescriptor { get }
    init(rawValue: Int32)
    var rawValue: Int32 { get }
}

extension KebabEnum {
    /// Every (number, kebab name) except the `*_UNSPECIFIED` zero value.
    static var kebabValues: [(Int32, String)] {
        let descriptor = protoDescriptor
        let names = (0..<Int(descriptor.n_values)).map { descriptor.values[$0] }
            .map { (Int32($0.value), String(cString: $0.name)) }
        let prefix = commonPrefix(names.map(\.1))
        return names.filter { $0.0 != 0 }.map { number, name in
            (number, String(name.dropFirst(prefix.count)).lowercased().replacingUnderscores())
        }
    }

    /// The kebab name, or the number for values this build does not know.
    var kebabName: String {
        Self.kebabValues.first { $0.0 == rawValue }?.1 ?? (rawValue == 0 ? "" : String(rawValue))
    }

    /// The number of the value spelled `argument` (case and `_`/`-` insensitive).
    static func kebabNumber(_ argument: String) -> Int32? {
        let wanted = argument.lowercased().replacingUnderscores()
        return kebabValues.first(where: { $0.1 == wanted })?.0
    }

    /// The prefix every value name shares up to an underscore, e.g. `SALES_CHANNEL_`.
    private static func commonPrefix(_ names: [String]) -> String {
        guard var prefix = names.first else { return "" }
        for name in names.dropFirst() {
            while !name.hasPrefix(prefix) { prefix.removeLast() }
        }
        while let last = prefix.last, last != "_" { prefix.removeLast() }
        return prefix
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

extension Orderly_V1_SalesChannel: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__sales_channel__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_ShippingMethod: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__shipping_method__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_LocationKind: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__location_kind__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_ShipmentStatus: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__shipment_status__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_ReturnReason: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__return_reason__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_OrderStatus: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__order_status__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_ReturnStatus: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__return_status__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_MovementReason: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__movement_reason__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_TransferStatus: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__transfer_status__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_ReservationStatus: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__reservation_status__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}

extension Orderly_V1_RoutingObjective: ExpressibleByArgument, KebabEnum {
    /// The protoc-c descriptor the kebab names come from.
    public static var protoDescriptor: ProtobufCEnumDescriptor { orderly__v1__routing_objective__descriptor }

    /// Parses the kebab name (ArgumentParser).
    public init?(argument: String) {
        guard let number = Self.kebabNumber(argument) else { return nil }
        self.init(rawValue: number)
    }

    /// The accepted spellings, for help and completion.
    public static var allValueStrings: [String] { kebabValues.map(\.1) }
}
