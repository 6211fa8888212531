/// A model id such as `meta-llama/Llama-3.1-8B-Instruct` or `my-custom-model`, checked so that
/// it can be used as a path under `model_configs/` and as a hub repo id without escaping either.
///
/// Allowed: one or two `/`-separated parts of `[A-Za-z0-9._-]`, none empty, none equal to `.`,
/// none containing `..`. Rejected: absolute paths, backslashes, `~`, spaces, empty parts.
public struct ModelIdentifier: Hashable, Sendable, CustomStringConvertible {
  /// The id exactly as given (case preserved).
  public let rawValue: String
  /// The owner part (`meta-llama`), if the id has two parts.
  public let owner: String?
  /// The last part (`Llama-3.1-8B-Instruct`).
  public let name: String

  /// The local cache folder name: the last part, lower-cased (as the reference stores them).
  public var cacheFolderName: String { name.lowercased() }
  /// True when the id has the `owner/name` form of a hub repo.
  public var isRepoID: Bool { owner != nil }
  public var description: String { rawValue }

  /// Parses and checks `raw`; `nil` when it is not a safe id. Use `validated(_:)` for an error.
  public init?(_ raw: String) {
    guard Self.problem(with: raw) == nil else { return nil }
    let parts = raw.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    rawValue = raw
    owner = parts.count == 2 ? parts[0] : nil
    name = parts[parts.count - 1]
  }

  /// Parses and checks `raw`, throwing `ModelConfigResolutionError.invalidModelName` with the
  /// reason when it is not a safe id.
  public static func validated(_ raw: String) throws(ModelConfigResolutionError) -> ModelIdentifier {
    if let problem = problem(with: raw) { throw .invalidModelName(raw, reason: problem) }
    return ModelIdentifier(raw)!
  }

  /// Why `raw` is not a safe id, or `nil` when it is.
  static func problem(with raw: String) -> String? {
    if raw.isEmpty { return "it is empty" }
    if raw.hasPrefix("/") { return "absolute paths are not allowed" }
    if raw.contains("\\") { return "backslashes are not allowed" }
    let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
    // Name the path trick before the shape, so `../../etc/x` says what is wrong with it.
    if parts.contains(where: { $0 == "." || $0.contains("..") }) { return "'.' and '..' are not allowed" }
    if parts.count > 2 { return "expected 'name' or 'owner/name', got \(parts.count) '/'-separated parts" }
    for part in parts {
      if part.isEmpty { return "empty path part" }
      if part == "." || part.contains("..") { return "'.' and '..' are not allowed" }
      if !part.unicodeScalars.allSatisfy(isAllowed) { return "only letters, digits, '.', '_' and '-' are allowed in each part" }
    }
    return nil
  }

  private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
    default: return false
    }
  }
}
