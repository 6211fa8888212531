import Foundation

/// Where every input of a deployment came from, as data (the CLI words it in the run header).
public struct DeploymentProvenance: Sendable, Equatable {
  /// The hardware catalogue the GPU was read from.
  public var hardwareFile: String
  public var modelConfig: ModelConfigSource?
  public var stepTime: StepTimeSource
  public var kvBlocks: KVBlocksSource
}

/// A model `config.json` on disk and how it got there.
public struct ModelConfigSource: Sendable, Equatable {
  public var path: String
  public var origin: ModelConfigOrigin
}

/// Where a step-time model's parameters came from.
public enum StepTimeSource: Sendable, Equatable {
  /// The roofline: the GPU entry's efficiencies and serving overheads.
  case rooflineEntry(gpu: String)
  /// Blackbox coefficients from the model's defaults.yaml row.
  case coefficientRow(model: String, gpu: String, tensorParallelism: Int)
  /// Blackbox coefficients from `--alpha-coeffs`/`--beta-coeffs`, over a row when one exists.
  case coefficientFlags(overRow: Bool)
}

/// Where the KV capacity of one instance came from.
public enum KVBlocksSource: Sendable, Equatable {
  /// `--total-kv-blocks`.
  case setting
  /// Computed from GPU memory × this utilisation.
  case gpuMemory(utilization: Double)
  /// The defaults.yaml coefficient row (no model config was found).
  case defaultsRow
}
