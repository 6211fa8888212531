import BLISSim
import Foundation

/// Finds and reads a model's `config.json`. The one place to swap in the full resolver
/// (HuggingFace fetch, cache) later.
///
/// Rule for now: `<folder>/config.json` when `--model-config-folder` is given, else
/// `<data dir>/model_configs/<last path component of the id, lower-cased>/config.json`.
enum ModelConfigLocator {
  static func load(model: String, folder: String?, dataDirectory: URL) throws -> ModelConfig {
    let url: URL
    if let folder {
      url = URL(fileURLWithPath: folder).appendingPathComponent("config.json")
    } else {
      let name = (model.split(separator: "/").last.map(String.init) ?? model).lowercased()
      url = dataDirectory.appendingPathComponent("model_configs").appendingPathComponent(name).appendingPathComponent("config.json")
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw SteptimeUsageError(description: "--model \(model): no config.json at \(url.path) (pass --model-config-folder DIR)")
    }
    return try ModelConfig.parse(data: data, source: url.path)
  }
}
