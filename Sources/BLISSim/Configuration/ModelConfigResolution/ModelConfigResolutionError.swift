import Foundation

/// Why no model `config.json` could be resolved. Each description is one line; none contains
/// the hub token.
public enum ModelConfigResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The model id is empty or would escape `model_configs/` (`..`, absolute path, `\`, …).
  case invalidModelName(String, reason: String)
  /// The hub repo (from defaults.yaml `hf_repo` or the model id) is not `owner/name`.
  case invalidRepoID(String, reason: String)
  /// `HF_ENDPOINT` is not an http(s) URL.
  case invalidEndpoint(String)
  /// `--model-config-folder` has no `config.json`.
  case folderMissingConfig(folder: String)
  /// A local `config.json` (folder or cache) did not pass validation.
  case malformedLocalConfig(path: String, reason: String)
  /// No local config, and the id has no owner, so there is nothing to fetch.
  case notCachedAndNotARepo(model: String, cachePath: String)
  /// HTTP 401/403.
  case gated(repo: String, statusCode: Int)
  /// HTTP 404.
  case notFoundOnHub(repo: String, url: String)
  /// Any other non-200 status.
  case unexpectedStatus(url: String, statusCode: Int)
  /// The endpoint could not be reached (refused, DNS, timeout, TLS, redirect refused).
  case unreachable(endpoint: String, reason: String)
  /// The response body exceeded the limit.
  case bodyTooLarge(url: String, limitBytes: Int)
  /// The fetched body did not pass validation.
  case malformedDownload(url: String, reason: String)
  /// Writing the cache file failed.
  case cacheWriteFailed(OutputFileError)

  public var description: String {
    switch self {
    case .invalidModelName(let name, let reason):
      return "--model '\(ErrorText.excerpt(name))' is not a valid model id (\(reason)); expected 'name' or 'owner/name' using letters, digits, '.', '_' and '-'"
    case .invalidRepoID(let repo, let reason):
      return "hub repo '\(repo)' is not a valid repo id (\(reason)); expected 'owner/name' using letters, digits, '.', '_' and '-'"
    case .invalidEndpoint(let raw):
      return "HF_ENDPOINT '\(raw)' is not an http(s) URL with a host"
    case .folderMissingConfig(let folder):
      return "--model-config-folder \(folder): no config.json in that folder"
    case .malformedLocalConfig(let path, let reason):
      return "model config \(path) is not a valid config.json: \(reason)"
    case .notCachedAndNotARepo(let model, let cachePath):
      return "no model config for '\(model)': \(cachePath) does not exist and '\(model)' is not an 'owner/name' hub repo; use --model-config-folder"
    case .gated(let repo, let statusCode):
      return "gated model: set HF_TOKEN to a token with access to \(repo) (HTTP \(statusCode)), or use --model-config-folder"
    case .notFoundOnHub(let repo, let url):
      return "no such model on the hub: \(repo) (HTTP 404 for \(url)); check --model spelling"
    case .unexpectedStatus(let url, let statusCode):
      return "fetching \(url) failed with HTTP \(statusCode) (use --model-config-folder)"
    case .unreachable(let endpoint, let reason):
      return "could not reach \(endpoint): \(reason) (use --model-config-folder)"
    case .bodyTooLarge(let url, let limitBytes):
      return "\(url) returned more than \(limitBytes) bytes; not a config.json"
    case .malformedDownload(let url, let reason):
      return "\(url) is not a valid model config.json: \(reason)"
    case .cacheWriteFailed(let error):
      return "could not cache the fetched model config: \(error)"
    }
  }
}
