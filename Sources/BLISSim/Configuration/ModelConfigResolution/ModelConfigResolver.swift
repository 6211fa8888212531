import Foundation

/// Where a resolved model `config.json` came from (for the run summary's provenance line).
public enum ModelConfigOrigin: Sendable, Equatable {
  /// `--model-config-folder`.
  case folder
  /// The local cache `model_configs/…` under the data directory.
  case localCache
  /// Downloaded from this URL (and now cached at the file URL).
  case fetched(from: URL)
}

/// A model `config.json` that exists on disk and passed the caller's validation.
public struct ResolvedModelConfigFile: Sendable, Equatable {
  public let fileURL: URL
  public let origin: ModelConfigOrigin
  public init(fileURL: URL, origin: ModelConfigOrigin) {
    self.fileURL = fileURL
    self.origin = origin
  }
}

/// Finds a model's HuggingFace `config.json` for the roofline model (engine spec §7.4):
///
/// 1. `modelConfigFolder/config.json` when a folder is given;
/// 2. else the cache `<data>/model_configs/<name>/config.json` (`name` = last part of the id,
///    lower-cased), then `<data>/model_configs/<owner>/<name>/config.json` (the full id as a
///    nested folder, as given and lower-cased);
/// 3. else GET `<endpoint>/<repo>/resolve/main/config.json` (`repo` = `hfRepo` or the model
///    id), with `Authorization: Bearer <token>` when the hub has one, then validate the body and
///    write it atomically to `<data>/model_configs/<name>/config.json`.
///
/// Every file — local or fetched — must pass `validate` (the caller passes model-config
/// parsing), so a resolved file is always usable. Model ids that could escape `model_configs/`
/// are rejected before touching the disk or the network.
public struct ModelConfigResolver: Sendable {
  public let dataDirectory: URL
  public let hub: HuggingFaceHub
  public let fetcher: any HTTPFetching
  public let timeoutSeconds: Double
  public let maxBodyBytes: Int

  /// - Parameters:
  ///   - dataDirectory: the folder holding `defaults.yaml` and `model_configs/`.
  ///   - timeoutSeconds: whole-request timeout for the fetch (default 30 s).
  ///   - maxBodyBytes: largest accepted body (default 10 MiB).
  public init(dataDirectory: URL, hub: HuggingFaceHub, fetcher: any HTTPFetching = URLSessionFetcher(),
              timeoutSeconds: Double = 30, maxBodyBytes: Int = 10 * 1024 * 1024) {
    self.dataDirectory = dataDirectory
    self.hub = hub
    self.fetcher = fetcher
    self.timeoutSeconds = timeoutSeconds
    self.maxBodyBytes = maxBodyBytes
  }

  /// `<data>/model_configs`.
  public var cacheRoot: URL { dataDirectory.appendingPathComponent("model_configs", isDirectory: true) }

  /// Resolves the config file for `model` (see the type's documentation for the order).
  /// - Parameters:
  ///   - model: the model id as the user typed it.
  ///   - hfRepo: the hub repo from defaults.yaml (`hf_repo`, case-preserving), if any.
  ///   - modelConfigFolder: `--model-config-folder`, if given.
  ///   - validate: throws when the bytes are not a usable model config; its error's
  ///     description becomes part of the one-line error.
  public func resolve(model: String, hfRepo: String? = nil, modelConfigFolder: URL? = nil,
                      validate: (Data) throws -> Void) throws(ModelConfigResolutionError) -> ResolvedModelConfigFile {
    if let folder = modelConfigFolder {
      let file = folder.appendingPathComponent("config.json")
      guard FileManager.default.fileExists(atPath: file.path) else { throw .folderMissingConfig(folder: folder.path) }
      try validateLocal(file, validate)
      return ResolvedModelConfigFile(fileURL: file, origin: .folder)
    }
    let id = try ModelIdentifier.validated(model)
    let candidates = cacheCandidates(for: id)
    if let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
      try validateLocal(file, validate)
      return ResolvedModelConfigFile(fileURL: file, origin: .localCache)
    }
    let repo = try repoIdentifier(model: id, hfRepo: hfRepo, cachePath: candidates[0].path)
    let url = hub.configURL(repo: repo)
    let body = try fetch(url, repo: repo)
    do { try validate(body) } catch { throw .malformedDownload(url: url.absoluteString, reason: Self.oneLine(error)) }
    let destination = candidates[0]
    do {
      try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw .cacheWriteFailed(.systemCall(operation: "create the folder for", path: destination.path, reason: Self.oneLine(error)))
    }
    do { try AtomicFileWriter.write(body, to: destination) } catch { throw .cacheWriteFailed(error) }
    return ResolvedModelConfigFile(fileURL: destination, origin: .fetched(from: url))
  }

  /// Cache paths tried, in order; the first is also where a fetched config is written.
  func cacheCandidates(for id: ModelIdentifier) -> [URL] {
    var paths = [cacheRoot.appendingPathComponent(id.cacheFolderName).appendingPathComponent("config.json")]
    if let owner = id.owner {
      for nested in [owner + "/" + id.name, (owner + "/" + id.name).lowercased()] {
        let url = cacheRoot.appendingPathComponent(nested).appendingPathComponent("config.json")
        if !paths.contains(url) { paths.append(url) }
      }
    }
    return paths
  }

  private func repoIdentifier(model: ModelIdentifier, hfRepo: String?, cachePath: String) throws(ModelConfigResolutionError) -> ModelIdentifier {
    guard let hfRepo else {
      guard model.isRepoID else { throw .notCachedAndNotARepo(model: model.rawValue, cachePath: cachePath) }
      return model
    }
    if let problem = ModelIdentifier.problem(with: hfRepo) { throw .invalidRepoID(hfRepo, reason: problem) }
    let repo = ModelIdentifier(hfRepo)!
    guard repo.isRepoID else { throw .invalidRepoID(hfRepo, reason: "it has no owner part") }
    return repo
  }

  private func fetch(_ url: URL, repo: ModelIdentifier) throws(ModelConfigResolutionError) -> Data {
    var headers = ["Accept": "application/json", "User-Agent": "blis"]
    if let token = hub.token { headers["Authorization"] = "Bearer \(token)" }
    let allowedHosts = [".huggingface.co", ".hf.co"]
    let response: HTTPResponse
    do {
      response = try fetcher.get(url, headers: headers, timeoutSeconds: timeoutSeconds, maxBodyBytes: maxBodyBytes,
                                 allowedRedirectHosts: allowedHosts)
    } catch {
      switch error {
      case .unreachable(let reason): throw .unreachable(endpoint: hub.endpoint.absoluteString, reason: reason)
      case .redirectRefused(let reason): throw .unreachable(endpoint: hub.endpoint.absoluteString, reason: reason)
      case .bodyTooLarge(let limit): throw .bodyTooLarge(url: url.absoluteString, limitBytes: limit)
      }
    }
    switch response.statusCode {
    case 200: return response.body
    case 401, 403: throw .gated(repo: repo.rawValue, statusCode: response.statusCode)
    case 404: throw .notFoundOnHub(repo: repo.rawValue, url: url.absoluteString)
    default: throw .unexpectedStatus(url: url.absoluteString, statusCode: response.statusCode)
    }
  }

  private func validateLocal(_ file: URL, _ validate: (Data) throws -> Void) throws(ModelConfigResolutionError) {
    let data: Data
    do { data = try Data(contentsOf: file) } catch {
      throw .malformedLocalConfig(path: file.path, reason: "cannot read it")
    }
    do { try validate(data) } catch { throw .malformedLocalConfig(path: file.path, reason: Self.oneLine(error)) }
  }

  /// An error's description squeezed onto one line.
  static func oneLine(_ error: any Error) -> String {
    String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}
