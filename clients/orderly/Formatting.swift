// Human forms of protobuf values: money from minor units, timestamps, addresses.
import OrderlyJSON
import OrderlyMessages

/// Small formatters shared by every renderer.
enum Format {
    /// ISO 4217 currencies without minor units; everything else is shown with two decimals.
    private static let wholeUnitCurrencies: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK", "HUF"]

    /// `12.34 USD` from 1234 minor units.
    static func money(_ minor: Int64, _ currency: String = "") -> String {
        let suffix = currency.isEmpty ? "" : " " + currency
        if wholeUnitCurrencies.contains(currency) { return String(minor) + suffix }
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        let cents = String(magnitude % 100)
        return sign + String(magnitude / 100) + "." + (cents.count < 2 ? "0" + cents : cents) + suffix
    }

    /// RFC 3339 (UTC, whole seconds) or empty when unset.
    static func time(_ timestamp: Google_Protobuf_Timestamp?) -> String {
        guard let timestamp else { return "" }
        return RFC3339.format(seconds: timestamp.seconds, nanos: 0) ?? String(timestamp.seconds)
    }

    /// `Name, line1, city postal, CC (lat, lng)` with the empty parts left out.
    static func address(_ address: Orderly_V1_Address?) -> String {
        guard let a = address else { return "" }
        let place = [a.postalCode, a.city].filter { !$0.isEmpty }.joined(separator: " ")
        var text = [a.name, a.line1, a.line2, place, a.region, a.country].filter { !$0.isEmpty }
            .joined(separator: ", ")
        if a.latitude != 0 || a.longitude != 0 { text += " (\(a.latitude), \(a.longitude))" }
        return text
    }

    /// A double with at most `digits` decimals.
    static func decimal(_ value: Double, digits: Int = 2) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
