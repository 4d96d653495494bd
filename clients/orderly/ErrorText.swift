// Server status messages in the CLI's own words: the enum value names the server writes
// (`ORDER_STATUS_PARTIALLY_SHIPPED`) become the kebab spellings the CLI reads and prints
// (`partially-shipped`), so an error names a status the way `--status` and the tables do.
import CProtobufC
import OrderlyMessages

/// Rewrites enum value names inside status messages.
enum ErrorText {
    /// Full enum value name -> kebab spelling, for every enum the CLI spells.
    static let spellings: [String: String] = {
        var map: [String: String] = [:]
        func add<E: KebabEnum>(_: E.Type) {
            let descriptor = E.protoDescriptor
            let kebab = Dictionary(E.kebabValues, uniquingKeysWith: { first, _ in first })
            for i in 0..<Int(descriptor.n_values) {
                let value = descriptor.values[i]
                if let spelling = kebab[Int32(value.value)] { map[String(cString: value.name)] = spelling }
            }
        }
        add(Orderly_V1_SalesChannel.self)
        add(Orderly_V1_ShippingMethod.self)
        add(Orderly_V1_LocationKind.self)
        add(Orderly_V1_ShipmentStatus.self)
        add(Orderly_V1_ReturnReason.self)
        add(Orderly_V1_OrderStatus.self)
        add(Orderly_V1_ReturnStatus.self)
        return map
    }()

    /// `message` with every known enum value name (a whole word of capitals, digits and `_`)
    /// replaced by its kebab spelling; everything else unchanged.
    static func translate(_ message: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            out += spellings[word] ?? word
            word = ""
        }
        for char in message {
            if char.isASCII, char.isUppercase || char.isNumber || char == "_" {
                word.append(char)
            } else {
                flush()
                out.append(char)
            }
        }
        flush()
        return out
    }
}
