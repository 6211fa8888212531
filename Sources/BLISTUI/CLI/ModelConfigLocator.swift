import BLISSim
import Foundation

/// Finds and reads a model's `config.json` for the CLI: `--model-config-folder`, else the bundled
/// or cached `model_configs/`, else a HuggingFace fetch (`$HF_ENDPOINT`, `$HF_TOKEN`) cached there.
enum ModelConfigLocator {
  static func resolver(dataDirectory: URL,
                       environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ModelConfigResolver {
    let (defaults, _) = try DataFiles.loadDefaults(directory: dataDirectory)
    return ModelConfigResolver(dataDirectory: dataDirectory, hub: try HuggingFaceHub(environment: environment),
                               knownModelIDs: defaults.canonicalModelIDs)
  }

  static func load(model: String, folder: String?, dataDirectory: URL, hfRepo: String? = nil) throws -> ModelConfig {
    let file = try resolver(dataDirectory: dataDirectory).resolve(
      model: model, hfRepo: hfRepo, modelConfigFolder: folder.map { URL(fileURLWithPath: $0, isDirectory: true) }
    ) { _ = try ModelConfig.parse(data: $0, source: "config.json") }
    guard let data = FileManager.default.contents(atPath: file.fileURL.path) else {
      throw SteptimeUsageError(description: "--model \(model): cannot read \(file.fileURL.path)")
    }
    return try ModelConfig.parse(data: data, source: file.fileURL.path)
  }
}
