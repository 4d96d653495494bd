// Shared messages (Timestamp, Address, Customer) between wire and domain.
import OrderlyDomain
import OrderlyMessages

extension Google_Protobuf_Timestamp {
    /// The wire form of a domain instant.
    init(_ time: Timestamp) {
        self.init(seconds: time.seconds, nanos: time.subsecondNanos)
    }

    /// The domain instant; `nanos` outside 0..<1e9, or an instant the domain's nanosecond
    /// clock cannot hold (before 1678 or after 2262), is INVALID_ARGUMENT naming `field`.
    func domain(_ field: String) throws(DomainError) -> Timestamp {
        guard (0..<1_000_000_000).contains(nanos) else {
            throw DomainError(.invalidArgument, "\(field).nanos must be within 0...999999999")
        }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow, !scaled.addingReportingOverflow(Int64(nanos)).overflow else {
            throw DomainError(.invalidArgument, "\(field) is outside the supported years 1678...2262")
        }
        return Timestamp(seconds: seconds, nanos: nanos)
    }
}

extension Optional where Wrapped == Google_Protobuf_Timestamp {
    /// An unset timestamp is nil (an open bound, or "now" where the domain decides).
    func domain(_ field: String) throws(DomainError) -> Timestamp? {
        guard let value = self else { return nil }
        return try value.domain(field)
    }
}

extension Orderly_V1_Address {
    /// The wire form of a domain address.
    init(_ a: Address) {
        self.init(
            name: a.name, line1: a.line1, line2: a.line2, city: a.city, region: a.region,
            postalCode: a.postalCode, country: a.country, latitude: a.latitude, longitude: a.longitude)
    }

    /// The domain address (the domain validates its fields).
    var domain: Address {
        Address(
            name: name, line1: line1, line2: line2, city: city, region: region, postalCode: postalCode,
            country: country, latitude: latitude, longitude: longitude)
    }
}

extension Orderly_V1_Customer {
    /// The wire form of a domain customer.
    init(_ c: Customer) {
        self.init(customerID: c.customerId, email: c.email, name: c.name)
    }

    /// The domain customer.
    var domain: Customer { Customer(customerId: customerID, email: email, name: name) }
}
