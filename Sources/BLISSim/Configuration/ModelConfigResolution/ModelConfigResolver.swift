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
/// 2. else the cache, keyed by the whole id so that one owner's model never answers for
///    another's: the flat bundled folder `<data>/model_configs/<name>/config.json` (`name` = last
///    part of the id, lower-cased) serves the bare `name` and the one `owner/name` id that owns it
///    (`BundledModelConfigs`: the `knownModelIDs` id with that name, else the config's own
///    `_name_or_path`; `meta-llama/llama-3.1-8b-instruct` owns `llama-3.1-8b-instruct/`,
///    `evil/llama-3.1-8b-instruct` does not); any other
///    `owner/name` uses `<data>/model_configs/<owner>/<name>/config.json` (as given, then
///    lower-cased);
/// 3. else GET `<endpoint>/<repo>/resolve/main/config.json` (`repo` = `hfRepo` or the model
///    id), with `Authorization: Bearer <token>` when the hub has one, then validate the body and
///    write it atomically to `<data>/model_configs/<owner>/<name>/config.json` (lower-cased).
///
/// Every file — local or fetched — must pass `validate` (the caller passes model-config parsing,
/// which checks every field and derived size), so a resolved file is always usable and a config
/// that would not simulate is never cached. Model ids that could escape `model_configs/` are
/// rejected before touching the disk or the network.
public struct ModelConfigResolver: Sendable {
  public let dataDirectory: URL
  public let hub: HuggingFaceHub
  public let fetcher: any HTTPFetching
  public let timeoutSeconds: Double
  public let maxBodyBytes: Int
  /// The `owner/name` ids the data files know (defaults.yaml), which decide who owns a flat
  /// bundled folder (see `BundledModelConfigs`).
  public let knownModelIDs: [String]

  /// - Parameters:
  ///   - dataDirectory: the folder holding `defaults.yaml` and `model_configs/`.
  ///   - timeoutSeconds: whole-request timeout for the fetch (default 30 s).
  ///   - maxBodyBytes: largest accepted body (default 10 MiB).
  ///   - knownModelIDs: `DataFiles.canonicalModelIDs`; without them the flat bundled folders
  ///     serve only bare names.
  public init(dataDirectory: URL, hub: HuggingFaceHub, fetcher: any HTTPFetching = URLSessionFetcher(),
              timeoutSeconds: Double = 30, maxBodyBytes: Int = 10 * 1024 * 1024, knownModelIDs: [String] = []) {
    self.dataDirectory = dataDirectory
    self.hub = hub
    self.fetcher = fetcher
    self.timeoutSeconds = timeoutSeconds
    self.maxBodyBytes = maxBodyBytes
    self.knownModelIDs = knownModelIDs
  }

  /// The same resolver with another fetcher (e.g. one that never touches the network).
  public func with(fetcher: any HTTPFetching) -> ModelConfigResolver {
    ModelConfigResolver(dataDirectory: dataDirectory, hub: hub, fetcher: fetcher, timeoutSeconds: timeoutSeconds,
                        maxBodyBytes: maxBodyBytes, knownModelIDs: knownModelIDs)
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
    let destination = cacheDestination(for: id)
    let repo = try repoIdentifier(model: id, hfRepo: hfRepo, cachePath: destination.path)
    let url = hub.configURL(repo: repo)
    let body = try fetch(url, repo: repo)
    do { try validate(body) } catch { throw .malformedDownload(url: url.absoluteString, reason: Self.oneLine(error)) }
    do throws(OutputFileError) {
      try FolderCreation.createFolders(at: destination.deletingLastPathComponent())
      try AtomicFileWriter.write(body, to: destination)
    } catch { throw .cacheWriteFailed(error) }
    return ResolvedModelConfigFile(fileURL: destination, origin: .fetched(from: url))
  }

  /// Cache paths tried, in order: the flat bundled folder when this id owns it, then the nested
  /// `owner/name` folder (as given, then lower-cased).
  func cacheCandidates(for id: ModelIdentifier) -> [URL] {
    let flat = cacheRoot.appendingPathComponent(id.cacheFolderName).appendingPathComponent("config.json")
    guard let owner = id.owner else { return [flat] }
    var paths: [URL] = []
    let flatOwner = BundledModelConfigs.canonicalID(folder: id.cacheFolderName, knownIDs: knownModelIDs)
      ?? BundledModelConfigs.declaredRepo(ofConfigAt: flat)
    if flatOwner == id.rawValue.lowercased() { paths.append(flat) }
    for nested in [owner + "/" + id.name, (owner + "/" + id.name).lowercased()] {
      let url = cacheRoot.appendingPathComponent(nested).appendingPathComponent("config.json")
      if !paths.contains(url) { paths.append(url) }
    }
    return paths
  }

  /// Where a fetched config is cached: `<owner>/<name>/` lower-cased (the flat folder for a bare name).
  func cacheDestination(for id: ModelIdentifier) -> URL {
    let folder = id.owner.map { ($0 + "/" + id.name).lowercased() } ?? id.cacheFolderName
    return cacheRoot.appendingPathComponent(folder).appendingPathComponent("config.json")
  }

  /// Whether `model` has a config on disk (bundled or cached), so resolving it needs no network.
  public func hasLocalConfig(model: String) -> Bool {
    guard let id = ModelIdentifier(model) else { return false }
    return cacheCandidates(for: id).contains { FileManager.default.fileExists(atPath: $0.path) }
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
