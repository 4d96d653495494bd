// The flags shared by `orders create` and `orders plan`, building a CreateOrderRequest.
import ArgumentParser
import OrderlyMessages

/// Everything a new order says: channel, lines, buyer, delivery.
struct OrderRequestOptions: ParsableArguments {
    @Option(help: "Sales channel: \(Orderly_V1_SalesChannel.allValueStrings.joined(separator: ", ")).")
    var channel: Orderly_V1_SalesChannel
    @Option(help: ArgumentHelp("A line SKU:QTY:PRICE_MINOR (repeat for more lines), e.g. SKU-1:2:1999.",
                               valueName: "sku:qty:price"))
    var line: [OrderLineSpec] = []
    @Option(help: "ISO 4217 currency of the prices.") var currency = "USD"
    @Option(help: ArgumentHelp("Customer id.", valueName: "id")) var customer = ""
    @Option(help: "Customer e-mail.") var email = ""
    @Option(help: "Idempotency key: a repeat returns the first order.") var requestId = ""
    @Option(help: "The order's id in its channel (deduplicated per channel).") var channelRef = ""
    @Option(help: "Shipping method: \(Orderly_V1_ShippingMethod.allValueStrings.joined(separator: ", ")) (default: standard, or store-pickup with --pickup-location).")
    var method: Orderly_V1_ShippingMethod?
    @Option(help: ArgumentHelp("Store to collect from (store-pickup).", valueName: "id")) var pickupLocation = ""
    @Option(help: "Recipient name.") var shipName = ""
    @Option(help: "Street line.") var shipLine1 = ""
    @Option(help: "City.") var shipCity = ""
    @Option(help: "Postal code.") var shipPostal = ""
    @Option(help: ArgumentHelp("Country code.", valueName: "CC")) var shipCountry = ""
    @Option(help: ArgumentHelp("Latitude of the delivery address (required unless store pickup).", valueName: "degrees"))
    var shipLat: SignedDouble?
    @Option(help: ArgumentHelp("Longitude of the delivery address (required unless store pickup).", valueName: "degrees"))
    var shipLng: SignedDouble?

    func validate() throws {
        if line.isEmpty { throw ValidationError("an order needs at least one --line SKU:QTY:PRICE_MINOR") }
        // Routing starts from the delivery address: without coordinates it would start from (0, 0).
        if shippingMethod != .storePickup, shipLat == nil || shipLng == nil {
            throw ValidationError(
                "a shipped order needs --ship-lat and --ship-lng (routing starts from the delivery address); "
                    + "use --pickup-location for store pickup")
        }
    }

    /// The shipping method: --method, else store-pickup with --pickup-location, else standard.
    var shippingMethod: Orderly_V1_ShippingMethod {
        method ?? (pickupLocation.isEmpty ? .standard : .storePickup)
    }

    /// The request these flags describe.
    var request: Orderly_V1_CreateOrderRequest {
        var request = Orderly_V1_CreateOrderRequest(
            requestID: requestId, channel: channel, channelOrderRef: channelRef, lines: line.map(\.line),
            currency: currency, shippingMethod: shippingMethod,
            pickupLocationID: pickupLocation)
        if !customer.isEmpty || !email.isEmpty {
            request.customer = Orderly_V1_Customer(customerID: customer, email: email, name: shipName)
        }
        let address = Orderly_V1_Address(
            name: shipName, line1: shipLine1, city: shipCity, postalCode: shipPostal, country: shipCountry,
            latitude: shipLat?.value ?? 0, longitude: shipLng?.value ?? 0)
        if address != Orderly_V1_Address() { request.shippingAddress = address }
        return request
    }
}
