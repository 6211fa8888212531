import Foundation

/// Where and how to fetch model configs from a HuggingFace-compatible hub.
///
/// Built from the environment by the caller (the library never reads it itself):
/// `HF_ENDPOINT` (default `https://huggingface.co`) and `HF_TOKEN` (sent as a bearer token).
/// The token never appears in `description`, `debugDescription` or any error.
public struct HuggingFaceHub: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
  /// Base URL, without a trailing slash.
  public let endpoint: URL
  /// Bearer token, if any. Never print it.
  public let token: String?

  public static let defaultEndpoint = URL(string: "https://huggingface.co")!

  public init(endpoint: URL = HuggingFaceHub.defaultEndpoint, token: String? = nil) {
    var text = endpoint.absoluteString
    while text.hasSuffix("/") { text.removeLast() }
    self.endpoint = URL(string: text) ?? endpoint
    self.token = (token?.isEmpty ?? true) ? nil : token
  }

  /// Reads `HF_ENDPOINT` and `HF_TOKEN` from `environment`.
  /// - Throws: `ModelConfigResolutionError.invalidEndpoint` when `HF_ENDPOINT` is not an
  ///   http(s) URL with a host.
  public init(environment: [String: String]) throws(ModelConfigResolutionError) {
    var endpoint = HuggingFaceHub.defaultEndpoint
    if let raw = environment["HF_ENDPOINT"], !raw.isEmpty {
      guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil else {
        throw .invalidEndpoint(raw)
      }
      endpoint = url
    }
    self.init(endpoint: endpoint, token: environment["HF_TOKEN"])
  }

  /// `<endpoint>/<repo>/resolve/main/config.json`.
  public func configURL(repo: ModelIdentifier) -> URL {
    URL(string: endpoint.absoluteString + "/" + repo.rawValue + "/resolve/main/config.json")!
  }

  public var description: String {
    "HuggingFaceHub(endpoint: \(endpoint.absoluteString), token: \(token == nil ? "none" : "set"))"
  }
  public var debugDescription: String { description }
}
