// The one version string of Orderly, printed by `--version` of orderlyd, orderly and
// orderly-load, and sent in the client's user-agent.

/// Orderly's release version.
public enum OrderlyVersion {
    /// The version, semantic-versioning style.
    public static let current = "0.14.0"
}
