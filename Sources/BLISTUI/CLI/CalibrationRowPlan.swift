import BLISSim
import Foundation

/// The row `blis calibrate --write` puts into defaults.yaml and the edited text (not yet written).
struct CalibrationRowPlan {
  var row: DefaultsFile.CoefficientRow
  var newText: String
  var placement: DefaultsRowEditor.Placement
  /// Where total_kv_blocks came from.
  var kvNote: String

  /// The row for `settings`' model and TP on `spec`; its KV capacity comes from the model config
  /// (resolved as `blis run` resolves it, TP checked), else the steps file's `model_info`.
  static func make(fit: BlackboxFit, input: CalibrationInput, settings: RunSettings, spec: HardwareSpec,
                   environment: RunEnvironment, writePath: String) throws -> CalibrationRowPlan {
    let model = settings.model, tp = settings.tensorParallelism
    let catalog = environment.files.hardware
    let text = FileManager.default.contents(atPath: writePath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let aliases = catalog.knownNames.filter { (try? catalog.spec(named: $0))?.name == spec.name && $0 != spec.name }
    let gpuNames = [spec.name.lowercased()] + aliases.map { $0.lowercased() }
    let existing = try DefaultsRowEditor.existingRow(in: text, id: model, gpuNames: gpuNames, tensorParallelism: tp, source: writePath)
    let defaults = text.isEmpty ? DefaultsFile() : try DefaultsFile.parse(text, source: writePath)

    var config: ModelConfig?
    var kvNote: String
    do {
      let loaded = try environment.resolver.load(model: model, hfRepo: settings.hfRepo, modelConfigFolder: settings.modelConfigFolder)
      try ResolvedDeployment.checkTensorParallelism(settings, config: loaded.config)
      config = loaded.config
      kvNote = "KV capacity of the model config"
    } catch let error as DeploymentError {
      throw error
    } catch {
      if settings.modelConfigFolder != nil { throw error }
      config = input.modelInfoConfig
      kvNote = "KV capacity of the steps file's model_info config (model config not found: \(error))"
    }
    var blocks: Int?
    if let config {
      blocks = try ResolvedDeployment.kvCapacity(settings, hardware: spec, config: config).blocks
      kvNote += " on \(spec.name) TP\(tp)"
    } else {
      kvNote = existing?.row.totalKVBlocks == nil ? "no model config: total_kv_blocks omitted" : "no model config: total_kv_blocks kept from the replaced row"
    }
    let serving = environment.files.servingProfiles.defaultProfile
    let row = CalibratedRow.make(id: model, gpu: spec, serving: serving, tensorParallelism: tp, fit: fit, existing: existing?.row,
                                 vllmVersion: defaults.defaultsFor(model: model)?.vllmVersion, totalKVBlocks: blocks,
                                 stepsDescription: input.summary)
    let (newText, placement) = try DefaultsRowEditor.upsert(row, into: text, gpuNames: gpuNames, source: writePath)
    return CalibrationRowPlan(row: row, newText: newText, placement: placement, kvNote: kvNote)
  }
}
