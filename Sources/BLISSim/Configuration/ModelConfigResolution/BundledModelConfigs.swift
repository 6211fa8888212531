import Foundation

/// Who a flat bundled folder `model_configs/<folder>/` belongs to.
///
/// The bundled configs are stored by the last part of the id, as the reference does
/// (`model_configs/llama-3.1-8b-instruct/`). The full id that owns such a folder is the data
/// files' id with that last part (defaults.yaml: `meta-llama/llama-3.1-8b-instruct`), else the
/// hub repo the config itself names in `_name_or_path` (the field `transformers` writes when it
/// saves a config). Any other `owner/name` with the same last part — `evil/llama-3.1-8b-instruct`,
/// a different hub repo — does not own it.
public enum BundledModelConfigs {
  /// The `owner/name` id among `knownIDs` whose name part is `folder` (case-insensitive; the first
  /// in `knownIDs` order wins), lower-cased; nil when no known id claims the folder.
  public static func canonicalID(folder: String, knownIDs: [String]) -> String? {
    let name = folder.lowercased()
    return knownIDs.lazy.map { $0.lowercased() }
      .first { $0.contains("/") && $0.split(separator: "/").last.map(String.init) == name }
  }

  /// The `owner/name` repo a config file declares in `_name_or_path`, lower-cased; nil when the
  /// file is missing, unreadable, or names no such repo.
  public static func declaredRepo(ofConfigAt url: URL) -> String? {
    guard let data = FileManager.default.contents(atPath: url.path),
          let object = try? parseJSONObject(data),
          let name = object["_name_or_path"] as? String,
          let id = ModelIdentifier(name), id.isRepoID else { return nil }
    return name.lowercased()
  }
}
