// Great-circle distance (haversine) between two coordinates, and the distance formatting the
// routing trace uses.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distances on the Earth's surface.
public enum Geo {
    /// Mean Earth radius in kilometres (IUGG).
    public static let earthRadiusKm = 6371.0088

    /// Haversine great-circle distance in kilometres.
    public static func distanceKm(lat1: Double, lng1: Double, lat2: Double, lng2: Double) -> Double {
        let rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad
        let dLng = (lng2 - lng1) * rad
        let s1 = sin(dLat / 2)
        let s2 = sin(dLng / 2)
        let a = s1 * s1 + cos(lat1 * rad) * cos(lat2 * rad) * s2 * s2
        return 2 * earthRadiusKm * atan2(sqrt(a), sqrt(max(0, 1 - a)))
    }

    /// Distance between two addresses; infinite when either is missing.
    public static func distanceKm(_ a: Address?, _ b: Address?) -> Double {
        guard let a, let b else { return .infinity }
        return distanceKm(lat1: a.latitude, lng1: a.longitude, lat2: b.latitude, lng2: b.longitude)
    }

    /// "12.3 km", or "no address" for an infinite distance.
    static func format(_ km: Double) -> String {
        guard km.isFinite else { return "no address" }
        let tenths = Int64((km * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) km"
    }
}
