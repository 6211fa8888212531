import Foundation

extension ResolvedDeployment {
  /// The model config and its source. Optional unless `required` (roofline) or the user named
  /// the folder: blackbox uses the config only for the KV capacity and checks, so a model the
  /// hub does not know can still run from its coefficients.
  static func loadModelConfig(_ s: RunSettings, required: Bool, files: DataFiles,
                              resolver: ModelConfigResolver) throws -> LoadedModelConfig? {
    do { return try loadModelConfig(s, files: files, resolver: resolver) } catch {
      if required || s.modelConfigFolder != nil { throw error }
      return nil
    }
  }

  /// Resolves and parses the model config (folder, bundled cache, or hub fetch); an id known
  /// nowhere becomes an unknown-model error with close names.
  static func loadModelConfig(_ s: RunSettings, files: DataFiles, resolver: ModelConfigResolver) throws -> LoadedModelConfig {
    do {
      return try resolver.load(model: s.model, hfRepo: s.hfRepo, modelConfigFolder: s.modelConfigFolder)
    } catch let error as ModelConfigResolutionError {
      let hint = NameSuggester(candidates: files.knownModelNames).didYouMean(s.model)
      if case .notCachedAndNotARepo = error {
        throw DeploymentError.unknownModel(model: s.model, reason: "unknown model: no bundled config and not an owner/name hub id",
                                           suggestion: hint)
      }
      if case .notFoundOnHub(let repo, _) = error, !hint.isEmpty {
        throw DeploymentError.unknownModel(model: s.model, reason: "no such model on the hub (HTTP 404 for \(repo)) and no bundled config",
                                           suggestion: hint)
      }
      throw error
    }
  }

  /// True when the model config is on disk (`--model-config-folder` or `model_configs/<name>/`),
  /// so resolving it needs no network.
  static func hasLocalConfig(_ s: RunSettings, files: DataFiles) -> Bool {
    s.modelConfigFolder != nil || files.bundledModels.contains { $0.lowercased() == lastPart(of: s.modelKey) }
  }

  static func lastPart(of id: String) -> String { id.split(separator: "/").last.map(String.init) ?? id }
}

/// A parsed model config and where it came from.
public struct LoadedModelConfig: Sendable {
  public let config: ModelConfig
  public let source: ModelConfigSource
}

extension ModelConfigResolver {
  /// Resolves `model`'s config.json (folder, cache, or hub fetch), reads and parses it.
  public func load(model: String, hfRepo: String? = nil, modelConfigFolder: URL? = nil) throws -> LoadedModelConfig {
    let file = try resolve(model: model, hfRepo: hfRepo, modelConfigFolder: modelConfigFolder) {
      _ = try ModelConfig.parse(data: $0, source: "config.json")
    }
    guard let data = FileManager.default.contents(atPath: file.fileURL.path) else {
      throw DeploymentError.missingFile(flag: "--model", path: file.fileURL.path)
    }
    return LoadedModelConfig(config: try ModelConfig.parse(data: data, source: file.fileURL.path),
                             source: ModelConfigSource(path: file.fileURL.path, origin: file.origin))
  }
}
