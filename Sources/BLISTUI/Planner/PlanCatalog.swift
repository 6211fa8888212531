import BLISSim
import Foundation

/// What the planner offers to pick from, built from the data files.
///
/// Models: only those whose `config.json` is on disk (the bundled `model_configs/` folders, plus
/// anything fetched there earlier and the launch model), so picking one never needs the network.
/// Each is shown by its canonical id — the defaults.yaml key (or coefficient-row id) whose name
/// part matches the folder, e.g. `meta-llama/llama-3.1-8b-instruct` — else by the folder name.
/// GPUs come from the hardware catalogue, workloads are the presets, routing policies the
/// engine's names.
enum PlanCatalog {
  static func make(files: DataFiles, extraModels: [String] = [], extraWorkloads: [String] = []) -> ScenarioCatalog {
    var models = files.bundledModels.map { canonicalID(folder: $0, files: files) }
    for model in extraModels where !models.contains(model.lowercased()) { models.append(model.lowercased()) }
    var workloads = WorkloadPreset.allCases.map(\.rawValue)
    for workload in extraWorkloads where !workloads.contains(workload) { workloads.append(workload) }
    return ScenarioCatalog(models: models.sorted(), hardware: files.hardware.specs.map(\.name),
                           workloads: workloads, routingPolicies: RoutingPolicy.names)
  }

  /// The id to show for a `model_configs/<folder>`: a known `owner/name` id whose name is the
  /// folder (defaults.yaml deployments first, then coefficient rows), else the folder name.
  static func canonicalID(folder: String, files: DataFiles) -> String {
    let name = folder.lowercased()
    let known = files.defaults.defaults.keys.sorted() + files.defaults.models.map { $0.id.lowercased() }
    return known.first { $0.split(separator: "/").last.map(String.init) == name && $0.contains("/") } ?? name
  }
}
